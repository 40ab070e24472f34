package dev.primetime.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.primetime.support.IntegrationTest;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Isolation comes from PostgreSQL's policies, so these queries deliberately leave out WHERE tenant_id. */
class RowLevelSecurityIntegrationTest extends IntegrationTest {
    @Autowired
    TenantTransactions transactions;

    @Autowired
    javax.sql.DataSource dataSourceForTest;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactionManager;

    private static Caller caller(String tenant) {
        return new Caller(tenant, tenant, "authenticated", "{\"sub\":\"" + tenant + "\",\"role\":\"authenticated\"}");
    }

    private UUID insertCalendar(Caller caller, String title) {
        return transactions.write(
                caller,
                jdbc -> jdbc.sql(
                                "INSERT INTO content_calendar (title, timezone, created_at, updated_at) VALUES (?, 'UTC', ?, ?)"
                                        + " RETURNING id")
                        .params(title, Timestamp.from(clock.instant()), Timestamp.from(clock.instant()))
                        .query(UUID.class)
                        .single());
    }

    @Test
    void selectWithoutWhereReturnsOnlyTheCallersRows() {
        String a = "rls-a-" + UUID.randomUUID();
        String b = "rls-b-" + UUID.randomUUID();
        UUID mine = insertCalendar(caller(a), "A's plan");
        insertCalendar(caller(b), "B's plan");
        insertCalendar(caller(b), "B's other plan");

        List<Map<String, Object>> seenByA = transactions.read(
                caller(a),
                jdbc -> jdbc.sql("SELECT * FROM content_calendar").query().listOfRows());

        assertThat(seenByA).extracting(row -> row.get("id")).containsExactly(mine);
        assertThat(seenByA).extracting(row -> row.get("tenant_id")).containsOnly(a);
    }

    @Test
    void anotherTenantCanNeitherUpdateNorDeleteRows() {
        String a = "rls-a-" + UUID.randomUUID();
        UUID id = insertCalendar(caller(a), "A's plan");
        Caller b = caller("rls-b-" + UUID.randomUUID());

        int updated = transactions.write(
                b,
                jdbc -> jdbc.sql("UPDATE content_calendar SET title = 'stolen' WHERE id = ?")
                        .param(id)
                        .update());
        int deleted = transactions.write(
                b,
                jdbc -> jdbc.sql("DELETE FROM content_calendar WHERE id = ?")
                        .param(id)
                        .update());

        assertThat(updated).isZero();
        assertThat(deleted).isZero();
        String title = transactions.read(
                caller(a),
                jdbc -> jdbc.sql("SELECT title FROM content_calendar WHERE id = ?")
                        .param(id)
                        .query(String.class)
                        .single());
        assertThat(title).isEqualTo("A's plan");
    }

    @Test
    void aTenantCannotWriteRowsInAnotherTenantsName() {
        Caller b = caller("rls-b-" + UUID.randomUUID());
        assertThatThrownBy(() -> transactions.write(
                        b,
                        jdbc -> jdbc.sql(
                                        "INSERT INTO content_calendar (tenant_id, title, timezone, created_at, updated_at)"
                                                + " VALUES ('someone-else', 'forged', 'UTC', now(), now())")
                                .update()))
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("violates row-level security policy");
    }

    @Test
    void requestsRunAsARoleThatCannotBypassRowLevelSecurity() {
        Map<String, Object> role = transactions.read(
                caller("rls-role"),
                jdbc -> jdbc.sql(
                                "SELECT current_user AS name, r.rolsuper, r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user")
                        .query()
                        .singleRow());
        assertThat(role).containsEntry("name", "primetime_app");
        assertThat(role).containsEntry("rolsuper", false).containsEntry("rolbypassrls", false);
    }

    @Test
    void everyTenantTableForcesRowLevelSecurity() {
        List<Map<String, Object>> tables =
                transactions.readAnonymously(jdbc -> jdbc.sql("""
                        SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
                        FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id'
                        WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
                        """).query().listOfRows());
        assertThat(tables)
                .extracting(t -> t.get("relname"))
                .contains(
                        "content_calendar",
                        "content_schedule_items",
                        "recommended_schedule_slots",
                        "performance_kpi_events",
                        "optimization_trials",
                        "idempotency_keys",
                        "schedule_events",
                        "optimization_runs");
        assertThat(tables)
                .allSatisfy(t ->
                        assertThat(t).containsEntry("relrowsecurity", true).containsEntry("relforcerowsecurity", true));
    }

    @Test
    void claimsAndRoleEndWithTheTransaction(@Autowired javax.sql.DataSource dataSource) {
        transactions.read(
                caller("rls-leak"),
                jdbc -> jdbc.sql("SELECT 1").query(Integer.class).single());
        JdbcClient plain = JdbcClient.create(dataSource);
        // Every pooled connection: none still carries a tenant's claims or the app role.
        for (int i = 0; i < 5; i++) {
            Map<String, Object> session = plain.sql(
                            "SELECT current_user AS name, coalesce(current_setting('request.jwt.claims', true), '') AS claims")
                    .query()
                    .singleRow();
            assertThat(session.get("name")).isNotEqualTo("primetime_app");
            assertThat(session.get("claims")).isEqualTo("");
        }
    }

    @Test
    void aReadInOneRoundTripSeesOnlyTheCallersRowsAndLeavesNoClaimsBehind(@Autowired javax.sql.DataSource dataSource)
            throws Exception {
        String a = "rls-trip-a-" + UUID.randomUUID();
        String b = "rls-trip-b-" + UUID.randomUUID();
        UUID mine = insertCalendar(caller(a), "A's plan");
        UUID theirs = insertCalendar(caller(b), "B's plan");

        for (int i = 0; i < 50; i++) { // spread over the pool's connections
            List<UUID> seen = transactions.inOneRoundTrip(
                    caller(a),
                    "SELECT id FROM content_calendar WHERE id = ANY (?) ORDER BY id",
                    new Object[] {new UUID[] {mine, theirs}},
                    statement -> {
                        List<UUID> ids = new java.util.ArrayList<>();
                        try (var rs = statement.getResultSet()) {
                            while (rs.next()) {
                                ids.add(rs.getObject(1, UUID.class));
                            }
                        }
                        return ids;
                    });
            assertThat(seen).containsExactly(mine);
        }
        // every pooled connection at once: none still carries the caller's claims or the app role
        int poolSize = ((com.zaxxer.hikari.HikariDataSource) dataSource).getMaximumPoolSize();
        List<java.sql.Connection> all = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < poolSize; i++) {
                all.add(dataSource.getConnection());
            }
            for (java.sql.Connection connection : all) {
                try (var statement = connection.createStatement();
                        var rs = statement.executeQuery("SELECT current_user,"
                                + " coalesce(current_setting('request.jwt.claims', true), '')")) {
                    rs.next();
                    assertThat(rs.getString(1)).isNotEqualTo("primetime_app");
                    assertThat(rs.getString(2)).isEmpty();
                }
            }
        } finally {
            for (java.sql.Connection connection : all) {
                connection.close();
            }
        }
    }

    @Test
    void withOnlyTheClaimsSetAsPostgrestDoesTheTenantComesFromThem() {
        assertThat(tenantFromClaimsAlone("{\"sub\":\"user-1\",\"app_metadata\":{\"tenant_id\":\"org-7\"}}"))
                .isEqualTo("org-7");
    }

    @Test
    void withOnlyASubjectInTheClaimsTheTenantIsTheSubject() {
        assertThat(tenantFromClaimsAlone("{\"sub\":\"user-9\"}")).isEqualTo("user-9");
    }

    /** primetime_tenant_id() in a transaction that has only request.jwt.claims set, as PostgREST or psql would. */
    private String tenantFromClaimsAlone(String claims) {
        var template = new org.springframework.transaction.support.TransactionTemplate(transactionManager);
        return template.execute(status -> {
            JdbcClient jdbc = JdbcClient.create(dataSourceForTest);
            jdbc.sql("SELECT set_config('request.jwt.claims', ?, true)")
                    .param(claims)
                    .query()
                    .singleRow();
            return jdbc.sql("SELECT primetime_tenant_id()").query(String.class).single();
        });
    }

    /**
     * Any session can set any setting: the plain tenant setting is believed only from the service's own roles; any
     * other role (a Data API role given the tables, say) gets the tenant from its claims, as PostgREST sets them.
     */
    @Test
    void theTenantSettingIsBelievedOnlyFromTheServicesOwnRoles() {
        String a = "setting-a-" + UUID.randomUUID();
        String b = "setting-b-" + UUID.randomUUID();
        UUID aPlan = insertCalendar(caller(a), "A's plan");
        UUID bPlan = insertCalendar(caller(b), "B's plan");
        String probe = "rls_probe_" + Integer.toHexString(new java.util.Random().nextInt(0x10000, 0xfffff));
        JdbcClient owner = JdbcClient.create(dataSourceForTest);
        owner.sql("CREATE ROLE " + probe + " NOLOGIN").update();
        try {
            owner.sql("GRANT SELECT ON content_calendar TO " + probe).update();
            owner.sql("GRANT EXECUTE ON FUNCTION primetime_tenant_id() TO " + probe)
                    .update();
            var template = new org.springframework.transaction.support.TransactionTemplate(transactionManager);
            Map<String, Object> seen = template.execute(status -> {
                JdbcClient jdbc = JdbcClient.create(dataSourceForTest);
                jdbc.sql("SELECT set_config('request.primetime.tenant', ?, true),"
                                + " set_config('request.jwt.claims', ?, true)")
                        .params(a, "{\"sub\":\"" + b + "\"}")
                        .query()
                        .singleRow();
                jdbc.sql("SELECT set_config('role', ?, true)")
                        .param(probe)
                        .query()
                        .singleRow();
                Map<String, Object> asProbe = new java.util.HashMap<>();
                asProbe.put(
                        "tenant",
                        jdbc.sql("SELECT primetime_tenant_id()")
                                .query(String.class)
                                .single());
                asProbe.put(
                        "rows",
                        jdbc.sql("SELECT id FROM content_calendar WHERE id IN (?, ?)")
                                .params(aPlan, bPlan)
                                .query(UUID.class)
                                .list());
                jdbc.sql("SELECT set_config('role', 'primetime_app', true)")
                        .query()
                        .singleRow();
                asProbe.put(
                        "service",
                        jdbc.sql("SELECT primetime_tenant_id()")
                                .query(String.class)
                                .single());
                return asProbe;
            });
            assertThat(seen.get("tenant"))
                    .as("another role: the claims' tenant")
                    .isEqualTo(b);
            assertThat(seen.get("rows")).as("and only its rows").isEqualTo(List.of(bPlan));
            assertThat(seen.get("service"))
                    .as("the service's role: the setting it set")
                    .isEqualTo(a);
        } finally {
            owner.sql("DROP OWNED BY " + probe).update();
            owner.sql("DROP ROLE " + probe).update();
        }
    }

    @Test
    void theWorkerSeesOnlyTheSchedulesItsJobsLookFor() {
        String tenant = "worker-" + UUID.randomUUID();
        UUID pending = insertCalendar(caller(tenant), "Pending");
        UUID running = insertCalendar(caller(tenant), "Running");
        transactions.write(
                caller(tenant),
                jdbc -> jdbc.sql("UPDATE content_calendar SET status = 'running' WHERE id = ?")
                        .param(running)
                        .update());

        List<UUID> seen =
                transactions.acrossTenants(jdbc -> jdbc.sql("SELECT id FROM content_calendar WHERE id IN (?, ?)")
                        .params(pending, running)
                        .query(UUID.class)
                        .list());

        assertThat(seen).containsExactly(running);
    }

    /** Not inlined, the function's body is parsed and planned again in every statement (V15). */
    @Test
    void theTenantFunctionIsInlinedIntoTheStatementsThatUseIt() {
        String plan = String.join(
                "\n",
                JdbcClient.create(dataSourceForTest)
                        .sql("EXPLAIN (VERBOSE) SELECT primetime_tenant_id()")
                        .query(String.class)
                        .list());
        assertThat(plan).contains("current_setting('request.primetime.tenant'").doesNotContain("primetime_tenant_id");
    }

    @Test
    void supabaseStyleHelpersReadTheClaims() {
        String sub = UUID.randomUUID().toString();
        Map<String, Object> row = transactions.read(
                new Caller(sub, sub, "authenticated", "{\"sub\":\"" + sub + "\",\"role\":\"authenticated\"}"),
                jdbc -> jdbc.sql(
                                "SELECT auth.uid()::text AS uid, auth.jwt() ->> 'role' AS role, primetime_tenant_id() AS tenant")
                        .query()
                        .singleRow());
        assertThat(row)
                .containsEntry("uid", sub)
                .containsEntry("role", "authenticated")
                .containsEntry("tenant", sub);
    }
}
