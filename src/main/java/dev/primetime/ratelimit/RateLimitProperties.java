package dev.primetime.ratelimit;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-tenant request limits (per client address for callers without a token).
 *
 * @param enabled whether requests are limited at all
 * @param rps RATE_LIMIT_RPS: sustained requests per second
 * @param burst RATE_LIMIT_BURST: requests that may arrive at once
 * @param backend RATE_LIMIT_BACKEND: {@code memory} counts per instance; {@code redis} shares one bucket per tenant
 *     across every instance
 * @param redisUrl REDIS_URL: the Redis that {@code redis} uses
 */
@Validated
@ConfigurationProperties("primetime.rate-limit")
record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10") @Min(1) long rps,
        @DefaultValue("20") @Min(1) long burst,

        @DefaultValue("memory") @Pattern(regexp = "memory|redis")
        String backend,

        @DefaultValue("redis://127.0.0.1:6379") String redisUrl) {}
