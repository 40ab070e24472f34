package dev.primetime.support;

import dev.primetime.PrimetimeApplication;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The service as a separate OS process (its own JVM running the real main class, with the system clock) against
 * this run's test database: unlike {@link ServiceInstance}, it can be killed outright ({@link #kill()} is SIGKILL,
 * no shutdown hook, no graceful stop, its sockets simply vanish), which is what a crashed or OOM-killed replica does.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the process and returns once its health endpoint answers (the context, and so the dispatcher, is up).
     * {@code properties} are passed as {@code --key=value} arguments, as {@link ServiceInstance} passes them.
     */
    public static ServiceProcess start(String name, Map<String, String> properties, Duration startupTimeout) {
        ServiceProcess process = launch(name, properties);
        process.awaitHealthy(startupTimeout);
        return process;
    }

    /**
     * Starts the process without waiting for it, so several can start at once (a JVM's startup is mostly one
     * thread); {@link #awaitHealthy} then waits for each.
     */
    public static ServiceProcess launch(String name, Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("primetime.environment", "test");
        all.put("primetime.auth.jwt-secret", TestTokens.SECRET);
        all.put("primetime.auth.supabase-url", TestTokens.supabaseUrl());
        all.put("primetime.auth.supabase-key", TestTokens.SUPABASE_KEY);
        all.putAll(properties);
        return launch(name, all, Path.of(""));
    }

    /**
     * The service as a developer starts it: ENVIRONMENT=development with no token settings, so it makes its own
     * development secret and token and writes them to {@code .primetime/} under {@code workingDirectory}; only the
     * database is this run's test database.
     */
    public static ServiceProcess launchForDevelopment(
            String name, Path workingDirectory, Map<String, String> properties) {
        return launch(name, properties, workingDirectory);
    }

    private static ServiceProcess launch(String name, Map<String, String> properties, Path workingDirectory) {
        int port = freePort();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.port", Integer.toString(port));
        all.put("server.address", "127.0.0.1");
        all.put("primetime.database.url", TestDatabase.jdbcUrlWithCredentials());
        // as src/test/resources/config/application.yaml gives the in-JVM services (not on this process's classpath)
        all.put("primetime.database.pool-size", "4");
        all.putAll(properties);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                // a short-lived test process on a small shared machine: start fast rather than run at peak
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                serviceClasspath(),
                PrimetimeApplication.class.getName()));
        all.forEach((k, v) -> command.add("--" + k + "=" + v));
        Path log;
        Process process;
        try {
            Path dir = Files.createDirectories(Path.of("target", "service-processes"));
            log = dir.resolve(name + "-" + System.currentTimeMillis() + ".log").toAbsolutePath();
            ProcessBuilder builder = new ProcessBuilder(command);
            if (!workingDirectory.toString().isEmpty()) {
                builder.directory(Files.createDirectories(workingDirectory).toFile());
                // as a developer's shell has it: no DATABASE_URL or token settings leaking in from the test JVM's
                builder.environment()
                        .keySet()
                        .removeIf(k -> k.startsWith("SUPABASE_")
                                || List.of("DATABASE_URL", "ENVIRONMENT", "API_HOST", "API_PORT")
                                        .contains(k));
            }
            process = builder.redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ServiceProcess(name, process, port, log);
    }

    /**
     * The test JVM's classpath without the test classes: the main classes and every dependency jar. (Surefire
     * names the real classpath in {@code surefire.test.class.path} when {@code java.class.path} is only its
     * booter jar.) Test-scoped jars stay; the service ignores them as the in-JVM instances do.
     */
    private static String serviceClasspath() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("test-classes/"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns once the health endpoint answers; kills the process and fails with its log if it does not. */
    public void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest health = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/scheduling/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + " while starting:\n" + logTail());
            }
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + name + " started", e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + name + " started", e);
            }
        }
        kill();
        throw new IllegalStateException(name + " did not become healthy within " + timeout + ":\n" + logTail());
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, as a container's stop or Ctrl-C passed on by Maven sends it; its exit status once it has ended. */
    public int stop(Duration timeout) {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new IllegalStateException(
                        name + " did not stop within " + timeout + " of SIGTERM:\n" + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL, then waits until the process is gone: nothing of it runs any more when this returns. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", port " + port + ", log " + log + ")";
    }
}
