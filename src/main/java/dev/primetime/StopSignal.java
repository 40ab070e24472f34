package dev.primetime;

import java.lang.reflect.Proxy;

/**
 * SIGTERM asks the service to stop, and a stop that was asked for ends with exit status 0 once the graceful shutdown
 * has run (the JVM's default is 143). It matters under {@code ./mvnw spring-boot:run}: when Ctrl-C reaches Maven but
 * not the service (an IDE's stop button, a terminal that signals only the foreground command), the plugin passes it
 * on as SIGTERM and reports any status but 0 and 130 as "BUILD FAILURE … exit code 143". A SIGTERM that arrives while
 * a stop is already under way (Ctrl-C reached both, and the plugin, tired of waiting, sends SIGTERM too) no longer cuts
 * that stop short: the JVM halts at once on a second non-zero exit, leaving an embedded PostgreSQL running, while
 * exit(0) waits for the first stop to finish. SIGINT keeps the JVM's handling (130).
 */
final class StopSignal {
    private StopSignal() {}

    /**
     * sun.misc.Signal is reached by reflection: named in the source, javac warns at every compile that it is an
     * internal API (it is the supported one, in jdk.unsupported; Spring Boot's own run goal uses it too).
     */
    static void install() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object exitZero = Proxy.newProxyInstance(
                    StopSignal.class.getClassLoader(), new Class<?>[] {handler}, (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            System.exit(0);
                            return null;
                        }
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "exit 0 on SIGTERM";
                        };
                    });
            signal.getMethod("handle", signal, handler)
                    .invoke(null, signal.getConstructor(String.class).newInstance("TERM"), exitZero);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // no SIGTERM here, the JVM reserves it (-Xrs), or no jdk.unsupported: keep the JVM's own handling
        }
    }
}
