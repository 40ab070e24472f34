package dev.primetime.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the PostgreSQL server to use when none is configured: one already listening on localhost:5432 with
 * local trust (what developer machines and CI have), else a real PostgreSQL started from the jar with its data
 * kept in a local folder. PostgreSQL refuses to run as root, so as root only the local server is an option.
 */
public final class DatabaseLocator {
    private static final Logger log = LoggerFactory.getLogger(DatabaseLocator.class);
    public static final String DEFAULT_DATABASE = "primetime";
    private static final String LOCAL_SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    private DatabaseLocator() {}

    /**
     * The development database on a local server shared by several checkouts (and users): named for this checkout,
     * {@code primetime_<folder>_<hash of its absolute path>}, so that two checkouts never see each other's data. (The
     * embedded server keeps its data inside the checkout already, so there the name stays {@link #DEFAULT_DATABASE}.)
     */
    public static String checkoutDatabase(Path workingDirectory) {
        Path absolute = workingDirectory.toAbsolutePath().normalize();
        Path folder = absolute.getFileName();
        String name = (folder == null ? "root" : folder.toString())
                .toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_+|_+$", "");
        if (name.length() > 30) {
            name = name.substring(0, 30);
        }
        String hash = String.format("%08x", absolute.toString().hashCode());
        return DEFAULT_DATABASE + "_" + (name.isEmpty() ? "" : name + "_") + hash;
    }

    /** A server answering on localhost:5432 without a password, as an admin connection to its postgres db. */
    public static Optional<DatabaseUrl> localServer() {
        for (String user : new String[] {"postgres", System.getProperty("user.name")}) {
            DatabaseUrl candidate = new DatabaseUrl(LOCAL_SERVER + "postgres", user, null);
            // a short timeout for the probe only; the URL the service keeps has the normal one
            try (Connection ignored =
                    connect(new DatabaseUrl(LOCAL_SERVER + "postgres?connectTimeout=2", user, null))) {
                return Optional.of(candidate);
            } catch (SQLException e) {
                log.debug("no local PostgreSQL for {}: {}", user, e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Starts (or restarts, keeping its data) the embedded server; the caller closes it at shutdown. */
    public static EmbeddedServer startEmbedded(Path dataDirectory) {
        return startEmbedded(dataDirectory, "no PostgreSQL answers on localhost:5432");
    }

    /** As {@link #startEmbedded(Path)}; {@code whyNotLocal} says why the local server is not used. */
    public static EmbeddedServer startEmbedded(Path dataDirectory, String whyNotLocal) {
        if (runningAsRoot()) {
            throw new StartupRefusedException(
                    "DATABASE_URL is unset, " + whyNotLocal + ", and an embedded PostgreSQL cannot run as root",
                    "Set DATABASE_URL, start a local PostgreSQL on port 5432 with trust authentication, "
                            + "or run the service as an ordinary user.");
        }
        try {
            Files.createDirectories(dataDirectory);
            stopOrphanedServer(dataDirectory);
            log.info("starting embedded PostgreSQL with data in {}", dataDirectory.toAbsolutePath());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    // Spring closes DatabaseTarget after the pool; zonky's own JVM hook would race it
                    .setRegisterShutdownHook(false)
                    // zonky starts postgres with -F (fsync off) and synchronous_commit=off: fine for
                    // throwaway test databases, not for data that is meant to survive restarts
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "100")
                    .start();
            DatabaseUrl admin = new DatabaseUrl(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
            return new EmbeddedServer(postgres, admin);
        } catch (IOException | RuntimeException e) {
            throw new StartupRefusedException(
                    "the embedded PostgreSQL did not start: " + firstLine(e),
                    "Set DATABASE_URL to a PostgreSQL 15+ server, or remove " + dataDirectory.toAbsolutePath()
                            + " if it holds a broken data directory.");
        }
    }

    /**
     * A previous run that was killed (SIGKILL, OOM, IDE stop) leaves its postmaster running with the data
     * directory locked; stop it so this run can start one of its own.
     */
    private static void stopOrphanedServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (RuntimeException e) {
            return; // unreadable: let postgres judge the lock file
        }
        var process = ProcessHandle.of(pid)
                .filter(p ->
                        p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        if (process.isEmpty()) {
            return; // stale lock file: postgres removes it itself
        }
        log.warn("stopping the embedded PostgreSQL (pid {}) left running by a previous run", pid);
        process.get().destroy(); // SIGTERM: smart shutdown; its clients died with the previous JVM
        try {
            process.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("the PostgreSQL left running by a previous run (pid " + pid + ") did not stop", e);
        }
    }

    /** Creates the database on the server behind {@code admin} unless it exists; returns its URL. */
    public static DatabaseUrl ensureDatabase(DatabaseUrl admin, String database) {
        try (Connection c = connect(admin);
                var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                try (var create = c.createStatement()) {
                    create.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
                } catch (SQLException e) {
                    // another process created it between the check and here
                    if (!"42P04".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw unreachable(admin, e);
        }
        return admin.withDatabase(database);
    }

    public static Connection connect(DatabaseUrl url) throws SQLException {
        Properties props = new Properties();
        if (url.user() != null) {
            props.setProperty("user", url.user());
        }
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        props.putIfAbsent("connectTimeout", "5");
        return DriverManager.getConnection(url.jdbcUrl(), props);
    }

    static StartupRefusedException unreachable(DatabaseUrl url, SQLException e) {
        return new StartupRefusedException(
                "cannot use the database " + url.describe() + ": " + firstLine(e),
                "Check DATABASE_URL (host, port, database, user, password) and that PostgreSQL 15+ is running.");
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** An embedded server and the admin URL of its postgres database. */
    public record EmbeddedServer(EmbeddedPostgres postgres, DatabaseUrl admin) implements Closeable {
        @Override
        public void close() throws IOException {
            postgres.close();
        }
    }
}
