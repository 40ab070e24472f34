package dev.primetime.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What every endpoint shares.
 *
 * @param environment ENVIRONMENT: development (forgiving: generated secrets, readable logs), test, or production
 *     (refuses unsafe settings, JSON logs)
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param maxConcurrentRequests API requests handled at once; beyond it a request waits up to 2 s, then gets 503
 *     (virtual threads would otherwise accept every request and queue them all for the connection pool)
 */
@Validated
@ConfigurationProperties("primetime")
public record ServiceProperties(
        @DefaultValue("development") @Pattern(regexp = "(?i)development|dev|local|test|testing|production|prod")
        String environment,

        @DefaultValue("1048576") @Min(1024) @Max(67108864) long maxBodyBytes,
        @DefaultValue("256") @Min(1) @Max(100000) int maxConcurrentRequests) {

    /** The one endpoint whose body may exceed {@code maxBodyBytes}: it streams what it reads (issue 18). */
    public static final String IMPORT_PATH = "/api/v1/scheduling/kpi-events/import";
}
