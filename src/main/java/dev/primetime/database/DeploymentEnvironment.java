package dev.primetime.database;

import java.util.Locale;

/** {@code ENVIRONMENT}: development is forgiving (generated secrets), production refuses unsafe settings. */
public enum DeploymentEnvironment {
    DEVELOPMENT,
    TEST,
    PRODUCTION;

    static DeploymentEnvironment parse(String value) {
        String v =
                value == null || value.isBlank() ? "development" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "development", "dev", "local" -> DEVELOPMENT;
            case "test", "testing" -> TEST;
            case "production", "prod" -> PRODUCTION;
            default ->
                throw new StartupRefusedException(
                        "ENVIRONMENT='" + value + "' is not one of development, test, production",
                        "Set ENVIRONMENT to development, test or production.");
        };
    }
}
