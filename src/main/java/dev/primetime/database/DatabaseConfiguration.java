package dev.primetime.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one connection pool, pointed at DATABASE_URL or at the server {@link DatabaseLocator} finds. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {
    private static final int MINIMUM_SERVER_VERSION = 150000;

    /** {@code ENVIRONMENT}, read once: what the service may forgive at start-up. */
    @Bean
    DeploymentEnvironment deploymentEnvironment(dev.primetime.web.ServiceProperties service) {
        return DeploymentEnvironment.parse(service.environment());
    }

    @Bean(destroyMethod = "close")
    DatabaseTarget databaseTarget(DatabaseProperties properties, DeploymentEnvironment environment) {
        if (properties.url() != null && !properties.url().isBlank()) {
            return new DatabaseTarget(DatabaseUrl.parse(properties.url()), null, "DATABASE_URL");
        }
        if (environment == DeploymentEnvironment.PRODUCTION) {
            // a local or embedded database in production would lose the data on the next deploy
            throw new StartupRefusedException(
                    "ENVIRONMENT=production but DATABASE_URL is unset",
                    "Set DATABASE_URL to the production PostgreSQL (postgresql://user:password@host:5432/dbname).");
        }
        if (properties.localProbe()) {
            var local = DatabaseLocator.localServer();
            if (local.isPresent()) {
                Path checkout = Path.of("").toAbsolutePath();
                DatabaseUrl url =
                        DatabaseLocator.ensureDatabase(local.get(), DatabaseLocator.checkoutDatabase(checkout));
                return new DatabaseTarget(
                        url,
                        null,
                        "DATABASE_URL is unset: the local PostgreSQL, in a database named for this checkout ("
                                + checkout + "); PRIMETIME_DATABASE_LOCAL_PROBE=false starts an embedded one instead");
            }
        }
        var embedded = DatabaseLocator.startEmbedded(
                Path.of(properties.dataDirectory()),
                properties.localProbe()
                        ? "no PostgreSQL answers on localhost:5432"
                        : "the local-server check is off (primetime.database.local-probe=false)");
        DatabaseUrl url = DatabaseLocator.ensureDatabase(embedded.admin(), DatabaseLocator.DEFAULT_DATABASE);
        return new DatabaseTarget(
                url,
                embedded,
                "DATABASE_URL is unset: the embedded PostgreSQL with its data in "
                        + Path.of(properties.dataDirectory()).toAbsolutePath());
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseTarget target, DatabaseProperties properties) {
        checkReachable(target.url());
        HikariConfig config = new HikariConfig();
        config.setPoolName("primetime");
        config.setJdbcUrl(target.url().jdbcUrl());
        if (target.url().user() != null) {
            config.setUsername(target.url().user());
        }
        if (target.url().password() != null) {
            config.setPassword(target.url().password());
        }
        config.setMaximumPoolSize(properties.poolSize());
        config.setConnectionTimeout(properties.connectionTimeoutMs());
        config.addDataSourceProperty("prepareThreshold", properties.prepareThreshold());
        config.setValidationTimeout(2_000);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /**
     * Flyway migrates as the owner: DATABASE_MIGRATION_URL's login when it is set (the documented production setup,
     * where DATABASE_URL's login owns nothing), else DATABASE_URL's. Either way it is told the runtime login, which
     * afterMigrate.sql makes a member of the app and worker roles (and the owner no longer one, when they differ).
     */
    @Bean
    FlywayConfigurationCustomizer migrationLogin(DatabaseProperties properties, DataSource runtime) {
        return configuration -> {
            java.util.Map<String, String> placeholders = new java.util.HashMap<>(configuration.getPlaceholders());
            placeholders.put("runtime_login", runtimeLogin(runtime));
            configuration.placeholders(placeholders);
            if (properties.migrationUrl() != null && !properties.migrationUrl().isBlank()) {
                DatabaseUrl owner;
                try {
                    owner = DatabaseUrl.parse(properties.migrationUrl());
                } catch (StartupRefusedException e) {
                    throw new StartupRefusedException(
                            e.getMessage().replace("DATABASE_URL", "DATABASE_MIGRATION_URL"), e.action());
                }
                checkReachable(owner);
                configuration.dataSource(owner.jdbcUrl(), owner.user(), owner.password());
            }
        };
    }

    /**
     * Refuses (production) or warns about (development) a runtime login with more privileges than it needs, once the
     * migrations have run (so the tables it might own exist).
     */
    @Bean
    DatabaseLoginCheck.Checked databaseLoginChecked(
            DataSource dataSource,
            DeploymentEnvironment environment,
            ObjectProvider<FlywayMigrationInitializer> migrated) {
        migrated.ifAvailable(m -> {}); // after the migrations
        return DatabaseLoginCheck.check(dataSource, environment);
    }

    private static String runtimeLogin(DataSource runtime) {
        try (Connection c = runtime.getConnection();
                var rs = c.createStatement().executeQuery("SELECT session_user")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the database login of DATABASE_URL", e);
        }
    }

    private static void checkReachable(DatabaseUrl url) {
        try (Connection c = DatabaseLocator.connect(url);
                var version = c.createStatement().executeQuery("SHOW server_version_num")) {
            version.next();
            int number = Integer.parseInt(version.getString(1));
            if (number < MINIMUM_SERVER_VERSION) {
                throw new StartupRefusedException(
                        "the database " + url.describe() + " runs PostgreSQL " + number / 10000
                                + "; Primetime needs 15 or later",
                        "Point DATABASE_URL at a PostgreSQL 15+ server.");
            }
        } catch (SQLException e) {
            throw DatabaseLocator.unreachable(url, e);
        }
    }
}
