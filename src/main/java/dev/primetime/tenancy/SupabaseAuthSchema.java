package dev.primetime.tenancy;

import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * V1 creates the {@code auth} schema and its two helpers where they are missing (plain PostgreSQL) and grants the
 * app role USAGE on it. On Supabase {@code auth} belongs to Supabase, the login that migrates may not grant on it, and
 * PostgreSQL answers the GRANT with a warning ("no privileges were granted for auth") that Flyway printed on every
 * new Supabase database. Nothing is missing: the service's policies and defaults use only public.primetime_tenant_id(),
 * never auth.*. V1 cannot change (its checksum is recorded in every database it has run on), so when this is the case
 * the warning is kept out of V1's run and the reason logged instead, once.
 */
@Component
class SupabaseAuthSchema implements Callback {
    private static final Logger log = LoggerFactory.getLogger(SupabaseAuthSchema.class);
    private static final MigrationVersion V1 = MigrationVersion.fromVersion("1");

    @Override
    public boolean supports(Event event, Context context) {
        return (event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE)
                && context.getMigrationInfo() != null
                && V1.equals(context.getMigrationInfo().getVersion());
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        Connection connection = context.getConnection();
        try (var s = connection.createStatement()) {
            if (event == Event.AFTER_EACH_MIGRATE) {
                s.execute("RESET client_min_messages");
                return;
            }
            try (var rs = s.executeQuery("SELECT to_regnamespace('auth') IS NOT NULL"
                    + " AND NOT has_schema_privilege('auth', 'USAGE WITH GRANT OPTION')")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return; // plain PostgreSQL: V1 creates auth and grants on it
                }
            }
            log.info("the auth schema belongs to Supabase and this login cannot grant on it: V1's GRANT USAGE ON"
                    + " SCHEMA auth does nothing here, and the service does not need it");
            s.execute("SET client_min_messages = error");
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare V1 for the auth schema", e);
        }
    }

    @Override
    public String getCallbackName() {
        return "supabase-auth-schema";
    }
}
