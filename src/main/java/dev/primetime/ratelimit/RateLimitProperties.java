package dev.primetime.ratelimit;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-tenant request limits (per client address for callers without a token).
 *
 * @param enabled whether requests are limited at all
 * @param rps RATE_LIMIT_RPS: sustained requests per second
 * @param burst RATE_LIMIT_BURST: requests that may arrive at once
 */
@Validated
@ConfigurationProperties("primetime.rate-limit")
record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10") @Min(1) long rps,
        @DefaultValue("20") @Min(1) long burst) {}
