package dev.primetime.tenancy;

import dev.primetime.database.StartupRefusedException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may read the management endpoints other than health ({@code /actuator/metrics}, {@code /actuator/prometheus},
 * {@code /actuator/info}): one set of HTTP Basic credentials, the way Prometheus scrapes. Without a password nobody
 * may, in every environment.
 *
 * @param username MANAGEMENT_USERNAME, {@code prometheus} by default
 * @param password MANAGEMENT_PASSWORD, 16 characters or more; empty closes those endpoints
 */
@ConfigurationProperties("primetime.management")
public record ManagementProperties(
        @DefaultValue("prometheus") String username, String password) {
    static final int MIN_PASSWORD_LENGTH = 16;

    public ManagementProperties {
        username = username == null || username.isBlank() ? "prometheus" : username.strip();
        password = password == null || password.isBlank() ? null : password;
        if (password != null && password.length() < MIN_PASSWORD_LENGTH) {
            throw new StartupRefusedException(
                    "MANAGEMENT_PASSWORD is shorter than " + MIN_PASSWORD_LENGTH + " characters",
                    "Use a random password for the metrics scraper, e.g. openssl rand -base64 24.");
        }
    }
}
