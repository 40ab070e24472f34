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
 * On Supabase the Data API reaches tables as the anon and authenticated roles, which hold every privilege on new
 * tables by default; after a migration they hold none on ours, so the service is the only way to its rows.
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

    @Test
    void supabasesDataApiRolesHoldNothingOnTheServicesTablesAfterAMigration() {
        for (String role : DATA_API_ROLES) { // as Supabase sets them up
            owner().sql("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN"
                            + " CREATE ROLE " + role + " NOLOGIN; END IF; END $$")
                    .update();
            owner().sql("GRANT ALL ON ALL TABLES IN SCHEMA " + schema() + " TO " + role)
                    .update();
        }
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
