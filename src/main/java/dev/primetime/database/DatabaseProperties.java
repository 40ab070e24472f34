package dev.primetime.database;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the data lives and how it is reached.
 *
 * @param url DATABASE_URL: postgresql://user:pass@host:port/db or jdbc:postgresql://…; empty means the local server
 *     on 5432 when it answers, else an embedded PostgreSQL. The service's own connections: in production a login that
 *     owns nothing and is no superuser (checked at start, see {@link DatabaseLoginCheck})
 * @param migrationUrl DATABASE_MIGRATION_URL: the login that owns the schema and runs the migrations (same forms,
 *     the database must be the same); empty means the migrations run on DATABASE_URL's login
 * @param appRole the role without BYPASSRLS that every request's transaction switches to
 * @param localProbe whether to look for a PostgreSQL on localhost:5432 before starting an embedded one
 * @param dataDirectory where the embedded PostgreSQL keeps its data between runs
 * @param poolSize the most connections the pool opens
 * @param connectionTimeoutMs how long a request waits for a pooled connection before it fails with 503
 * @param prepareThreshold uses of a statement before the driver prepares it on the server; 0 for PgBouncer in
 *     transaction mode (the Supabase pooler on port 6543)
 */
@Validated
@ConfigurationProperties("primetime.database")
public record DatabaseProperties(
        String url,
        String migrationUrl,

        @DefaultValue("primetime_app") @Pattern(regexp = "[a-z_][a-z0-9_]{0,62}")
        String appRole,

        @DefaultValue("true") boolean localProbe,
        @DefaultValue(".primetime/postgres") String dataDirectory,
        @DefaultValue("20") @Min(1) @Max(500) int poolSize,
        @DefaultValue("5000") @Min(250) @Max(60000) long connectionTimeoutMs,
        @DefaultValue("5") @Min(0) int prepareThreshold) {}
