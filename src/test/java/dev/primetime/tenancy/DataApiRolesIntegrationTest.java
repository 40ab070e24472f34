package dev.primetime.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.IntegrationTest;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * On Supabase the Data API reaches the public schema as the anon and authenticated roles, which Supabase's default
 * privileges give everything on new tables, sequences and functions; after a migration they hold nothing on the
 * service's, nor will on what the migrating login creates next, so the service is the only way to its rows.
 */
class DataApiRolesIntegrationTest extends IntegrationTest {
    private static final List<String> DATA_API_ROLES = List.of("anon", "authenticated");

    @Autowired
    DataSource dataSource;

    @Autowired
    Flyway flyway;

    private JdbcClient owner() {
        return JdbcClient.create(dataSource);
    }

    private boolean anyPrivilege(String role, String table) {
        return owner().sql("SELECT has_table_privilege(?, ?, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')")
                .params(role, table)
                .query(Boolean.class)
                .single();
    }

    /** What Supabase's bootstrap gives its Data API roles: default privileges, and so grants on everything there. */
    private void grantAsSupabaseDoes() {
        String schema = schema();
        for (String role : DATA_API_ROLES) {
            owner().sql("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN"
                            + " CREATE ROLE " + role + " NOLOGIN; END IF; END $$")
                    .update();
            for (String kind : List.of("TABLES", "SEQUENCES", "FUNCTIONS")) {
                owner().sql("ALTER DEFAULT PRIVILEGES IN SCHEMA " + schema + " GRANT ALL ON " + kind + " TO " + role)
                        .update();
                owner().sql("GRANT ALL ON ALL " + kind + " IN SCHEMA " + schema + " TO " + role)
                        .update();
            }
        }
    }

    @Test
    void supabasesDataApiRolesHoldNothingOnTheServicesTablesAfterAMigration() {
        grantAsSupabaseDoes();
        List<String> tables = owner().sql("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
                .query(String.class)
                .list();
        assertThat(tables).contains("webhook_deliveries", "content_calendar", "flyway_schema_history");
        assertThat(anyPrivilege("authenticated", "webhook_deliveries")).isTrue();

        flyway.migrate(); // nothing to apply; its after-migrate step still runs

        for (String role : DATA_API_ROLES) {
            for (String table : tables) {
                assertThat(anyPrivilege(role, table)).as(role + " on " + table).isFalse();
            }
        }
    }

    @Test
    void norOnTheirSequencesNorTheServicesFunctions() {
        grantAsSupabaseDoes();
        assertThat(sequencePrivilege("anon", "schedule_events_id_seq")).isTrue();

        flyway.migrate();

        for (String role : DATA_API_ROLES) {
            // setval() on the event log's identity, under the service's numbering
            assertThat(sequencePrivilege(role, "schedule_events_id_seq"))
                    .as(role + " on schedule_events_id_seq")
                    .isFalse();
            for (String function : List.of("primetime_tenant_id()", "schedule_events_number()")) {
                assertThat(owner().sql("SELECT has_function_privilege(?, ?, 'EXECUTE')")
                                .params(role, function)
                                .query(Boolean.class)
                                .single())
                        .as(role + " may execute " + function + " (granted, or through PUBLIC)")
                        .isFalse();
            }
        }
        assertThat(owner().sql("SELECT has_function_privilege('primetime_app', 'primetime_tenant_id()', 'EXECUTE')")
                        .query(Boolean.class)
                        .single())
                .as("the service's role keeps it")
                .isTrue();
    }

    @Test
    void norOnWhatTheMigratingLoginCreatesNext() {
        grantAsSupabaseDoes();

        flyway.migrate();
        owner().sql("CREATE TABLE data_api_probe (id bigint GENERATED ALWAYS AS IDENTITY, note text)")
                .update();
        owner().sql("CREATE FUNCTION data_api_probe_function() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$")
                .update();

        try {
            for (String role : DATA_API_ROLES) {
                assertThat(anyPrivilege(role, "data_api_probe")).as(role).isFalse();
                assertThat(sequencePrivilege(role, "data_api_probe_id_seq"))
                        .as(role)
                        .isFalse();
                assertThat(owner().sql("SELECT count(*) FROM pg_proc p, aclexplode(p.proacl) a"
                                        + " WHERE p.proname = 'data_api_probe_function' AND a.grantee = ?::regrole")
                                .param(role)
                                .query(Long.class)
                                .single())
                        .as(role + " is granted nothing on a new function")
                        .isZero();
            }
        } finally {
            owner().sql("DROP TABLE data_api_probe").update();
            owner().sql("DROP FUNCTION data_api_probe_function()").update();
        }
    }

    private boolean sequencePrivilege(String role, String sequence) {
        return owner().sql("SELECT has_sequence_privilege(?, ?, 'USAGE, SELECT, UPDATE')")
                .params(role, sequence)
                .query(Boolean.class)
                .single();
    }

    private String schema() {
        return owner().sql("SELECT current_schema()").query(String.class).single();
    }

    @AfterEach
    void dropTheRoles() {
        for (String role : DATA_API_ROLES) {
            owner().sql("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN"
                            + " EXECUTE 'DROP OWNED BY " + role + "'; EXECUTE 'DROP ROLE " + role + "'; END IF; END $$")
                    .update();
        }
    }
}
