package dev.primetime.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the service's own database login (DATABASE_URL) could do beyond what it needs. Row level security holds only
 * because each transaction switches to the app role; a login that is (or may become) a superuser or a BYPASSRLS role
 * can switch back ({@code SET ROLE postgres}) and skip every policy, and one that owns the tables (or may act as
 * their owner) can turn the policies off. The login needs neither: membership in the app and worker roles is enough.
 * Production refuses to start on such a login; development says so once, in one line; tests run as the local
 * superuser on purpose and stay quiet.
 */
final class DatabaseLoginCheck {
    private static final Logger log = LoggerFactory.getLogger(DatabaseLoginCheck.class);
    static final String HOW = "Connect DATABASE_URL as a login that owns nothing and is no superuser (primetime_runtime"
            + " in docs/SECURITY.md, \"Database roles\"), and migrate with DATABASE_MIGRATION_URL as the owner.";

    private DatabaseLoginCheck() {}

    /** What the check found (empty: nothing the login should not have). */
    record Checked(List<String> problems) {}

    /** What the login of {@code connection} may do that it should not; empty when it is least-privileged. */
    static List<String> excessPrivileges(Connection connection) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (ResultSet rs = connection
                .createStatement()
                .executeQuery("SELECT rolsuper, rolbypassrls, rolcreaterole"
                        + " AND current_setting('server_version_num')::int < 160000"
                        + " FROM pg_roles WHERE rolname = session_user")) {
            rs.next();
            if (rs.getBoolean(1)) {
                return List.of("is a superuser"); // it may do anything: nothing more to say
            }
            if (rs.getBoolean(2)) {
                problems.add("has BYPASSRLS");
            }
            // before PostgreSQL 16, CREATEROLE may grant itself membership in any role but a superuser
            if (rs.getBoolean(3)) {
                problems.add("has CREATEROLE, with which it may make itself a member of the owner");
            }
        }
        try (ResultSet rs = connection
                .createStatement()
                .executeQuery("SELECT string_agg(rolname, ', ' ORDER BY rolname) FROM pg_roles"
                        + " WHERE (rolsuper OR rolbypassrls) AND rolname <> session_user"
                        + " AND pg_has_role(session_user, oid, 'MEMBER')")) {
            rs.next();
            if (rs.getString(1) != null) {
                problems.add("may SET ROLE to " + rs.getString(1) + " (superuser or BYPASSRLS)");
            }
        }
        try (ResultSet rs = connection.createStatement().executeQuery("""
                SELECT bool_or(c.relowner = (SELECT oid FROM pg_roles WHERE rolname = session_user)),
                       string_agg(DISTINCT pg_get_userbyid(c.relowner), ', ')
                FROM pg_class c
                WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relrowsecurity
                  AND pg_has_role(session_user, c.relowner, 'MEMBER')
                """)) {
            rs.next();
            if (rs.getBoolean(1)) {
                problems.add("owns the tables (and so may turn their row level security off)");
            } else if (rs.getString(2) != null) {
                problems.add("may SET ROLE to " + rs.getString(2) + ", which owns the tables");
            }
        }
        return problems;
    }

    /**
     * Checks the login of {@code dataSource}: production refuses a login with more privileges than it needs,
     * development warns once, tests say nothing.
     */
    static Checked check(DataSource dataSource, DeploymentEnvironment environment) {
        String login;
        List<String> problems;
        try (Connection c = dataSource.getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT session_user")) {
            rs.next();
            login = rs.getString(1);
            problems = excessPrivileges(c);
        } catch (SQLException e) {
            log.warn("could not check the database login's privileges: {}", e.getMessage());
            return new Checked(List.of());
        }
        if (problems.isEmpty()) {
            return new Checked(problems);
        }
        String what = "the service's database login '" + login + "' " + String.join("; ", problems);
        switch (environment) {
            case PRODUCTION -> throw new StartupRefusedException(what, HOW);
            case DEVELOPMENT ->
                log.warn("{}: fine for development, refused with ENVIRONMENT=production (docs/SECURITY.md)", what);
            case TEST -> log.debug("{}", what);
        }
        return new Checked(problems);
    }
}
