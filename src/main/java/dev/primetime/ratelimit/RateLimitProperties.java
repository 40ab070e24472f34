package dev.primetime.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code RATE_LIMIT_RPS} sustained requests per second and {@code RATE_LIMIT_BURST} requests at once, counted per
 * instance ({@code RATE_LIMIT_BACKEND=memory}, the default) or across all instances ({@code redis}, at
 * {@code REDIS_URL}).
 */
@ConfigurationProperties("primetime.rate-limit")
record RateLimitProperties(boolean enabled, long rps, long burst, String backend, String redisUrl) {
    RateLimitProperties {
        backend =
                backend == null || backend.isBlank() ? "memory" : backend.trim().toLowerCase(java.util.Locale.ROOT);
        redisUrl = redisUrl == null || redisUrl.isBlank() ? "redis://127.0.0.1:6379" : redisUrl;
        if (rps <= 0) {
            rps = 10;
        }
        if (burst <= 0) {
            burst = 2 * rps;
        }
    }
}
