package dev.primetime.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import dev.primetime.support.Api;
import dev.primetime.support.CapturedLogs;
import dev.primetime.support.IntegrationTest;
import dev.primetime.support.ServiceInstance;
import dev.primetime.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The documented production setup on a database of its own: an owner login that migrates (no superuser, CREATEROLE
 * as on Supabase), a runtime login that owns nothing (NOINHERIT: all it can do is switch to the app and worker roles),
 * and an {@code auth} schema that belongs to someone else, as Supabase's does. The service starts and works; the owner
 * without claims sees and deletes nothing, the runtime login can reach nothing without switching and cannot become a
 * superuser, the worker sees only the rows its jobs look for; a runtime login that owns the tables or is a superuser
 * is refused in production.
 */
class ProductionDatabaseRolesIntegrationTest extends IntegrationTest {
    private final String suffix =
            Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private final String owner = "pt_owner_" + suffix;
    private final String runtime = "pt_runtime_" + suffix;
    private final String authAdmin = "pt_auth_admin_" + suffix;
    private final String database = "pt_roles_" + suffix;
    private CapturedLogs logs;

    private String server() {
        String url = TestDatabase.url().jdbcUrl();
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        return url.substring(0, slash);
    }

    private String url(String login) {
        return server() + "/" + database + "?user=" + login;
    }

    private Connection admin(String db) throws SQLException {
        return DriverManager.getConnection(
                server() + "/" + db,
                TestDatabase.url().user(),
                TestDatabase.url().password());
    }

    private Connection as(String login) throws SQLException {
        return DriverManager.getConnection(url(login));
    }

    @BeforeEach
    void aDatabaseSetUpAsDocumented() throws SQLException {
        try (Connection c = admin("postgres");
                var s = c.createStatement()) {
            s.execute("CREATE ROLE " + owner + " LOGIN NOSUPERUSER CREATEROLE");
            s.execute("CREATE ROLE " + runtime + " LOGIN NOSUPERUSER NOINHERIT");
            s.execute("CREATE ROLE " + authAdmin + " NOLOGIN");
            s.execute("CREATE DATABASE " + database + " OWNER " + owner);
        }
        // Supabase's auth schema: someone else's, with auth.uid()/auth.jwt(); the owner may use it, not grant on it
        try (Connection c = admin(database);
                var s = c.createStatement()) {
            s.execute("CREATE SCHEMA auth AUTHORIZATION " + authAdmin);
            s.execute("CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS"
                    + " $$ SELECT coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb, '{}') $$");
            s.execute("CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT NULL::uuid $$");
            s.execute("ALTER FUNCTION auth.jwt() OWNER TO " + authAdmin);
            s.execute("ALTER FUNCTION auth.uid() OWNER TO " + authAdmin);
            s.execute("GRANT USAGE ON SCHEMA auth TO " + owner);
        }
        logs = CapturedLogs.root();
    }

    @AfterEach
    void dropIt() throws SQLException {
        logs.close();
        try (Connection c = admin("postgres");
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            for (String role : List.of(runtime, owner, authAdmin)) {
                s.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }

    private ServiceInstance start(String runtimeLogin, String migrationLogin) {
        Map<String, String> properties = new HashMap<>();
        properties.put("primetime.environment", "production");
        // production logs JSON; Logback is one per JVM, and the tests after this one should still read as text
        properties.put("logging.structured.format.console", "");
        properties.put("primetime.database.url", url(runtimeLogin));
        properties.put("primetime.database.migration-url", migrationLogin == null ? "" : url(migrationLogin));
        return ServiceInstance.start(clock, properties);
    }

    /** Two tenants, each with a running schedule (an item due for dispatch) and a pending one. */
    private void twoTenantsWithSchedules(ServiceInstance instance) {
        for (String tenant : List.of("roles-a-" + suffix, "roles-b-" + suffix)) {
            Api api = instance.api(tenant, clock);
            Api.Response created = api.post(
                    "/api/v1/scheduling/calendar",
                    Map.of(
                            "title", "Running",
                            "timezone", "UTC",
                            "items", List.of(Map.of("content_id", "c", "platform", "youtube"))));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String schedule = created.json().path("id").asString();
            assertThat(api.post("/api/v1/scheduling/calendar/" + schedule + "/start", Map.of())
                            .status())
                    .isEqualTo(200);
            Api.Response other = api.post("/api/v1/scheduling/calendar", Map.of("title", "Pending", "timezone", "UTC"));
            assertThat(other.status()).as(other.toString()).isEqualTo(201);
            assertThat(api.get("/api/v1/scheduling/calendar")
                            .json()
                            .path("data")
                            .size())
                    .isEqualTo(2);
        }
    }

    @Test
    void theOwnerWithoutClaimsSeesAndDeletesNothingEvenWhenOneLoginMigratesAndRuns() throws Exception {
        // a non-superuser owner that also runs the service (development, or a deployment from before this setup)
        Map<String, String> properties = new HashMap<>();
        properties.put("primetime.environment", "development");
        properties.put("primetime.database.url", url(owner));
        try (ServiceInstance instance = ServiceInstance.start(clock, properties)) {
            twoTenantsWithSchedules(instance);
        }
        try (Connection c = as(owner);
                var s = c.createStatement()) {
            // it inherits the worker role, but the worker's policies hold only once a session switches to it
            assertThat(count(s, "SELECT count(*) FROM content_calendar")).isZero();
            assertThat(count(s, "SELECT count(*) FROM content_schedule_items")).isZero();
            assertThat(s.executeUpdate("DELETE FROM schedule_events")).isZero();
        }
    }

    @Test
    void theRuntimeLoginOwnsNothingAndEachRoleSeesOnlyWhatItNeeds() throws Exception {
        // the worker's retention policy goes by the database's clock: events written now must be now to it too
        clock.set(java.time.Instant.now());
        try (ServiceInstance instance = start(runtime, owner)) {
            twoTenantsWithSchedules(instance);
        }
        assertThat(logs.atLeast(Level.WARN))
                .as("no warning from the migrations (V1's GRANT on Supabase's auth schema) nor the login check")
                .noneMatch(m -> m.contains("no privileges were granted") || m.contains("database login"));

        try (Connection c = as(owner);
                var s = c.createStatement()) {
            // the owner without claims: row level security applies to it (FORCE), and it is no worker
            assertThat(count(s, "SELECT count(*) FROM content_calendar")).isZero();
            assertThat(s.executeUpdate("DELETE FROM schedule_events")).isZero();
            assertThat(count(
                            s,
                            "SELECT count(*) FROM pg_auth_members m JOIN pg_roles u ON u.oid = m.member"
                                    + " WHERE u.rolname = current_user"))
                    .as("the owner is a member of no role")
                    .isZero();
            assertThat(count(
                            s,
                            "SELECT count(*) FROM pg_roles WHERE has_schema_privilege('primetime_app', 'auth',"
                                    + " 'USAGE') AND rolname = 'primetime_app'"))
                    .as("the app role needs no USAGE on Supabase's auth schema, and has none")
                    .isZero();
        }
        try (Connection c = as(runtime)) {
            assertThat(DatabaseLoginCheck.excessPrivileges(c)).isEmpty();
            var s = c.createStatement();
            assertThat(sqlState(() -> s.executeQuery("SELECT count(*) FROM content_calendar")))
                    .as("without switching role the runtime login reaches no tenant table")
                    .isEqualTo("42501");
            assertThat(sqlState(() -> s.execute("SET ROLE postgres"))).isEqualTo("42501");
            s.execute("SET ROLE primetime_app_worker");
            assertThat(count(s, "SELECT count(*) FROM content_calendar"))
                    .as("the worker sees the two running schedules, not the pending ones")
                    .isEqualTo(2);
            assertThat(count(s, "SELECT count(*) FROM content_calendar WHERE status = 'pending'"))
                    .isZero();
            assertThat(s.executeUpdate("DELETE FROM schedule_events"))
                    .as("events younger than an hour are no retention's to delete")
                    .isZero();
            s.execute("RESET ROLE");
        }
    }

    @Test
    void productionRefusesARuntimeLoginThatOwnsTheTablesOrIsASuperuser() {
        // the owner migrates and runs: it owns the tables
        Throwable owns = catchThrowable(() -> start(owner, null).close());
        assertThat(rootCause(owns))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("'" + owner + "'")
                .hasMessageContaining("owns the tables");
        Throwable superuser =
                catchThrowable(() -> start(TestDatabase.url().user(), owner).close());
        assertThat(rootCause(superuser))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("is a superuser");
    }

    @Test
    void developmentSaysItOnceInOneLineAndTestsSayNothing() throws SQLException {
        var superuser = new DriverManagerDataSource(
                TestDatabase.url().jdbcUrl(),
                TestDatabase.url().user(),
                TestDatabase.url().password());

        assertThat(DatabaseLoginCheck.check(superuser, DeploymentEnvironment.TEST)
                        .problems())
                .contains("is a superuser");
        assertThat(warnings()).isEmpty();
        DatabaseLoginCheck.check(superuser, DeploymentEnvironment.DEVELOPMENT);
        assertThat(warnings())
                .hasSize(1)
                .allSatisfy(line -> assertThat(line)
                        .doesNotContain("\n")
                        .contains("is a superuser", "refused with ENVIRONMENT=production"));
    }

    private List<String> warnings() {
        return logs.lines().stream()
                .filter(l -> l.logger().equals(DatabaseLoginCheck.class.getName()))
                .filter(l -> l.level().isGreaterOrEqual(Level.WARN))
                .map(CapturedLogs.Line::message)
                .toList();
    }

    private static long count(java.sql.Statement s, String sql) throws SQLException {
        try (var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    interface Sql {
        void run() throws SQLException;
    }

    private static String sqlState(Sql sql) {
        try {
            sql.run();
            return "no error";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause != null && !(cause instanceof StartupRefusedException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
