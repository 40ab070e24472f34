package dev.primetime.support;

import dev.primetime.database.DatabaseLocator;
import dev.primetime.database.DatabaseUrl;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fresh database per test JVM (each Surefire fork has its own), on the server DATABASE_URL names, else the local
 * PostgreSQL on 5432, else an embedded one. It is dropped when the JVM exits, whether the tests passed or not; what a
 * killed run left behind is dropped by a later run (see {@link #dropStale}).
 */
public final class TestDatabase {
    /** Every test database's name starts with this; nothing else is ever dropped. */
    static final String PREFIX = "primetime_test_";

    /**
     * A leftover is only dropped when it is at least this old. A live run always has connections open (the pools keep
     * theirs), which already stops the drop; the age covers the moment between creating a database and connecting.
     */
    static final Duration STALE_AFTER = Duration.ofHours(2);

    private static final Pattern CREATED_AT = Pattern.compile("^" + PREFIX + "(\\d{10})_[0-9a-f]+$");
    private static DatabaseUrl url;
    private static DatabaseUrl admin;
    private static DatabaseLocator.EmbeddedServer embedded;

    private TestDatabase() {}

    public static synchronized DatabaseUrl url() {
        if (url == null) {
            DatabaseUrl server = admin();
            dropStale(server, Instant.now());
            String name = create(server);
            url = server.withDatabase(name);
            admin = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(server, name)));
        }
        return url;
    }

    /** The server's maintenance database as a user that may create and drop databases (for tests of this class). */
    static synchronized DatabaseUrl adminUrl() {
        url();
        return admin;
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

    /** A name no other run has: the creation time (UTC epoch seconds, so any run can judge its age) and a nonce. */
    private static String create(DatabaseUrl admin) {
        try (Connection c = DatabaseLocator.connect(admin);
                var s = c.createStatement()) {
            for (int attempt = 0; ; attempt++) {
                String name = PREFIX + Instant.now().getEpochSecond() + "_"
                        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
                try {
                    s.execute("CREATE DATABASE \"" + name + "\"");
                    return name;
                } catch (SQLException e) {
                    // 42P04: taken by another JVM that started in the same second: never share one
                    if (!"42P04".equals(e.getSQLState()) || attempt == 5) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not create a test database on " + admin.describe() + ": " + e.getMessage()
                            + " (the tests need a PostgreSQL 15+ user that may CREATE DATABASE; see README)",
                    e);
        }
    }

    /**
     * Drops test databases left by runs that were killed before their shutdown hook ran (SIGKILL, a lost CI machine):
     * only names with {@link #PREFIX}, only when older than {@link #STALE_AFTER}, and never one anybody is connected
     * to (a plain DROP DATABASE, without FORCE, refuses those). Leftovers whose age cannot be told are left alone.
     */
    static List<String> dropStale(DatabaseUrl admin, Instant now) {
        List<String> dropped = new ArrayList<>();
        try (Connection c = DatabaseLocator.connect(admin)) {
            bounded(c);
            List<String> candidates = new ArrayList<>();
            try (var s = c.prepareStatement("SELECT datname FROM pg_database WHERE starts_with(datname, ?)")) {
                s.setString(1, PREFIX);
                var rows = s.executeQuery();
                while (rows.next()) {
                    candidates.add(rows.getString(1));
                }
            }
            for (String name : candidates) {
                Instant created = createdAt(c, name);
                if (created == null || created.isAfter(now.minus(STALE_AFTER))) {
                    continue;
                }
                try (var s = c.createStatement()) {
                    s.execute("DROP DATABASE \"" + name + "\"");
                    dropped.add(name);
                } catch (SQLException e) {
                    // 55006: in use, so a live run's; 3D000: another run dropped it first; 42501: not ours to drop
                    if ("57014".equals(e.getSQLState())) {
                        break; // the server is slow to drop anything now: leave the rest to a later run
                    }
                }
            }
        } catch (SQLException e) {
            System.err.println("could not look for stale test databases: " + e.getMessage());
        }
        if (!dropped.isEmpty()) {
            System.err.println("dropped " + dropped.size() + " test database(s) left by killed runs: " + dropped);
        }
        return dropped;
    }

    /** From the name when it carries the time; else when the server made its folder (superusers only); else null. */
    private static Instant createdAt(Connection c, String name) {
        Matcher m = CREATED_AT.matcher(name);
        if (m.matches()) {
            return Instant.ofEpochSecond(Long.parseLong(m.group(1)));
        }
        try (var s = c.prepareStatement("SELECT (pg_stat_file('base/' || oid || '/PG_VERSION')).modification"
                + " FROM pg_database WHERE datname = ?")) {
            s.setString(1, name);
            var rows = s.executeQuery();
            if (rows.next()) {
                Timestamp t = rows.getTimestamp(1);
                return t == null ? null : t.toInstant();
            }
        } catch (SQLException e) {
            // not a superuser: the age is unknown, so the database stays
        }
        return null;
    }

    /**
     * A DROP DATABASE waits until every backend on the server has taken note (a "ProcSignalBarrier"); one backend
     * stuck elsewhere on a shared server, e.g. in another program's unfinished COPY, holds every drop. The JVM's exit
     * must not wait for that (Surefire kills a fork 30 s after its exit began), so drops give up after 10 s.
     */
    private static void bounded(Connection c) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("SET statement_timeout = '10s'");
        }
    }

    private static DatabaseUrl admin() {
        String configured = System.getenv("DATABASE_URL");
        if (configured != null && !configured.isBlank()) {
            return DatabaseUrl.parse(configured);
        }
        return DatabaseLocator.localServer().orElseGet(() -> {
            // one embedded server per Surefire fork: two forks sharing a data directory would stop each other's
            embedded = DatabaseLocator.startEmbedded(
                    Path.of("target", "embedded-postgres-" + System.getProperty("primetime.test.fork", "1")));
            return embedded.admin();
        });
    }

    private static void drop(DatabaseUrl admin, String name) {
        SQLException last = null;
        // a few tries: at the end of a run that hit the server's connection limit, the first connect can fail too
        for (int attempt = 0; attempt < 5; attempt++) {
            try (Connection c = DatabaseLocator.connect(admin);
                    var s = c.createStatement()) {
                bounded(c);
                s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
                last = null;
                break;
            } catch (SQLException e) {
                last = e;
                if ("57014".equals(e.getSQLState())) {
                    break; // timed out, not refused: trying again would only keep the JVM from exiting
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (last != null) {
            System.err.println("could not drop test database " + name + " (a later run drops it once it is "
                    + STALE_AFTER.toHours() + " h old): " + last.getMessage());
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
