package dev.primetime.web;

import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tomcat's own error answers (see {@link ContainerErrorValve}) in the API's error shape. */
@Configuration(proxyBeanMethods = false)
class ContainerErrorConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonContainerErrors() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                // the host adds its default HTML valve at start unless one of this class is there
                host.setErrorReportValveClass(ContainerErrorValve.class.getName());
                install(host);
                // Spring Boot adds an HTML one of its own (server.error settings) in a customizer that may run later
                host.addLifecycleListener(event -> {
                    if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                        install(host);
                    }
                });
            }
        });
    }

    /** Exactly one error-report valve on the host: ours. */
    static void install(Host host) {
        boolean present = false;
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ContainerErrorValve) {
                present = true;
            } else if (valve instanceof ErrorReportValve) {
                host.getPipeline().removeValve(valve);
            }
        }
        if (!present) {
            host.getPipeline().addValve(new ContainerErrorValve());
        }
    }
}
