package dev.primetime.web;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * In production the console log is structured JSON (Elastic Common Schema, one object per line) for log
 * shippers; in development and test it stays readable text. Runs before logging starts, so it can choose.
 */
class ProductionLogging implements EnvironmentPostProcessor {
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String env =
                environment.getProperty("primetime.environment", environment.getProperty("ENVIRONMENT", "development"));
        boolean production = env.toLowerCase(Locale.ROOT).startsWith("prod");
        if (production && !environment.containsProperty("logging.structured.format.console")) {
            environment
                    .getPropertySources()
                    .addLast(new MapPropertySource(
                            "primetime-production-logging", Map.of("logging.structured.format.console", "ecs")));
        }
    }
}
