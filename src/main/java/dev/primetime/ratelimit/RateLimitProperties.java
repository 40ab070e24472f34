package dev.primetime.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code RATE_LIMIT_RPS} sustained requests per second and {@code RATE_LIMIT_BURST} requests at once. */
@ConfigurationProperties("primetime.rate-limit")
record RateLimitProperties(boolean enabled, long rps, long burst) {
    RateLimitProperties {
        if (rps <= 0) {
            rps = 10;
        }
        if (burst <= 0) {
            burst = 2 * rps;
        }
    }
}
