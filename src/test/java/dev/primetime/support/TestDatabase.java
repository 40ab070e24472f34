package dev.primetime.support;

import dev.primetime.tenancy.DatabaseLocator;
import dev.primetime.tenancy.DatabaseUrl;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One fresh database per test run, on the server DATABASE_URL names, else the local PostgreSQL on 5432, else
 * an embedded one; dropped when the JVM exits.
 */
public final class TestDatabase {
    private static DatabaseUrl url;
    private static DatabaseLocator.EmbeddedServer embedded;

    private TestDatabase() {}

    public static synchronized DatabaseUrl url() {
        if (url == null) {
            DatabaseUrl admin = admin();
            String name = "primetime_test_"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")) + "_"
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
            url = DatabaseLocator.ensureDatabase(admin, name);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(admin, name)));
        }
        return url;
    }

    /** The URL as one JDBC string, credentials included, for {@code primetime.database.url}. */
    public static String jdbcUrlWithCredentials() {
        DatabaseUrl u = url();
        StringBuilder s = new StringBuilder(u.jdbcUrl());
        char separator = u.jdbcUrl().contains("?") ? '&' : '?';
        if (u.user() != null) {
            s.append(separator).append("user=").append(u.user());
            separator = '&';
        }
        if (u.password() != null) {
            s.append(separator)
                    .append("password=")
                    .append(java.net.URLEncoder.encode(u.password(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return s.toString();
    }

    private static DatabaseUrl admin() {
        String configured = System.getenv("DATABASE_URL");
        if (configured != null && !configured.isBlank()) {
            return DatabaseUrl.parse(configured);
        }
        return DatabaseLocator.localServer().orElseGet(() -> {
            embedded = DatabaseLocator.startEmbedded(Path.of("target", "embedded-postgres"));
            return embedded.admin();
        });
    }

    private static void drop(DatabaseUrl admin, String name) {
        try (Connection c = DatabaseLocator.connect(admin);
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        } catch (Exception e) {
            System.err.println("could not drop test database " + name + ": " + e.getMessage());
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (Exception ignored) {
                // the JVM is exiting
            }
        }
    }
}
