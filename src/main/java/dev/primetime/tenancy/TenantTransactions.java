package dev.primetime.tenancy;

import dev.primetime.database.DatabaseProperties;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in a transaction that PostgreSQL's row level security scopes to one tenant: the transaction
 * switches to the application role (no BYPASSRLS, not the table owner) and sets the caller's claims the way
 * PostgREST does, both with {@code set_config(..., true)} so they end with the transaction and never leak to
 * the next user of the pooled connection.
 */
@Component
public class TenantTransactions {
    private static final String ANONYMOUS_CLAIMS = "{\"role\":\"anon\"}";
    // request.primetime.tenant: the tenant derived from these same claims, read by primetime_tenant_id() without
    // parsing the JSON (V11)
    private static final String ENTER = "SELECT set_config('role', ?, true), set_config('request.jwt.claims', ?, true),"
            + " set_config('request.jwt.claim.sub', ?, true), set_config('request.primetime.tenant', ?, true)";
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate writes;
    private final TransactionTemplate reads;
    private final String appRole;

    TenantTransactions(DataSource dataSource, PlatformTransactionManager transactions, DatabaseProperties properties) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.writes = new TransactionTemplate(transactions);
        this.reads = new TransactionTemplate(transactions);
        this.reads.setReadOnly(true);
        this.reads.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
        this.appRole = properties.appRole();
    }

    /** Work that may write, as the caller. */
    public <T> T write(Caller caller, Function<JdbcClient, T> work) {
        return writes.execute(status -> {
            enter(caller.claimsJson(), caller.subject(), caller.tenantId());
            return work.apply(jdbc);
        });
    }

    /**
     * Work that may write, as the caller, whose first statements travel with the claims (and the transaction's
     * BEGIN) in one round trip, as {@link #inOneRoundTrip} sends them; {@code then} goes on in the same transaction
     * with what they returned.
     */
    public <F, T> T write(
            Caller caller,
            String sql,
            Object[] parameters,
            Results<F> first,
            java.util.function.BiFunction<F, JdbcClient, T> then) {
        return writes.execute(status -> then.apply(inOneRoundTrip(caller, sql, parameters, first), jdbc));
    }

    /** Work that only reads, as the caller. */
    public <T> T read(Caller caller, Function<JdbcClient, T> work) {
        return reads.execute(status -> {
            enter(caller.claimsJson(), caller.subject(), caller.tenantId());
            return work.apply(jdbc);
        });
    }

    /** Reads the results of the statements that {@link #inOneRoundTrip} sent. */
    @FunctionalInterface
    public interface Results<T> {
        /** @param statement executed, positioned at the result of the first of the given statements */
        T read(PreparedStatement statement) throws SQLException;
    }

    /**
     * Statements sent to the database in one round trip, for the most frequent requests: the caller's claims and
     * the given statements ({@code sql}, one or more separated by {@code ;}) travel together and run as one
     * implicit transaction (the extended protocol's unit up to its Sync), so the claims and the role end with it
     * exactly as with {@link #read}, the row level security policies apply to every statement, and what they write
     * commits together, or not at all, when the last one has run. Statements in an ongoing transaction join it.
     *
     * @param parameters the statements' parameters, in order
     */
    public <T> T inOneRoundTrip(Caller caller, String sql, Object[] parameters, Results<T> results) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            if (!connection.getAutoCommit() && !TransactionSynchronizationManager.isActualTransactionActive()) {
                throw new IllegalStateException("a connection outside a transaction must be in auto-commit");
            }
            try (PreparedStatement statement = connection.prepareStatement(ENTER + ";\n" + sql)) {
                statement.setString(1, appRole);
                statement.setString(2, caller.claimsJson());
                statement.setString(3, caller.subject() == null ? "" : caller.subject());
                statement.setString(4, caller.tenantId());
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 5, parameters[i]);
                }
                statement.execute();
                statement.getMoreResults(); // past the claims' row
                return results.read(statement);
            }
        } catch (SQLException e) {
            throw new org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator(dataSource)
                    .translate("statements in one round trip", sql, e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * Work that finds background work across tenants, as the worker role (V6): it sees only the columns that say
     * where work is, never content, and may only delete expired events. The work itself then runs per tenant
     * through {@link #write} with {@link Callers#worker}.
     */
    public <T> T acrossTenants(Function<JdbcClient, T> work) {
        return writes.execute(status -> {
            jdbc.sql("SELECT set_config('role', ?, true), set_config('request.jwt.claims', '', true),"
                            + " set_config('request.primetime.tenant', '', true)")
                    .param(appRole + "_worker")
                    .query((rs, n) -> 1)
                    .single();
            return work.apply(jdbc);
        });
    }

    /** Reads with no caller: tenant tables look empty, shared reference data is visible. */
    public <T> T readAnonymously(Function<JdbcClient, T> work) {
        return reads.execute(status -> {
            enter(ANONYMOUS_CLAIMS, "", "");
            return work.apply(jdbc);
        });
    }

    private void enter(String claimsJson, String subject, String tenant) {
        jdbc.sql(ENTER)
                .params(appRole, claimsJson, subject == null ? "" : subject, tenant == null ? "" : tenant)
                .query((rs, n) -> 1)
                .single();
    }
}
