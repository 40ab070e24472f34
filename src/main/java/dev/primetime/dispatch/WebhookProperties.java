package dev.primetime.dispatch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where due items go: {@code WEBHOOK_URL} (empty: no webhook, item.due events only) and {@code WEBHOOK_SECRET}, the
 * HMAC-SHA256 key of the signature header.
 *
 * @param maxAttempts attempts before the item is marked failed ({@code WEBHOOK_MAX_ATTEMPTS})
 * @param initialBackoff wait after the first failure; doubled after each further one, up to {@code maxBackoff}
 * @param timeout how long one POST may take
 * @param lease how long an attempt may run before another instance may retry it (covers a crash mid-POST)
 */
@ConfigurationProperties("primetime.webhook")
record WebhookProperties(
        String url,
        String secret,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("5s") Duration initialBackoff,
        @DefaultValue("10m") Duration maxBackoff,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("1m") Duration lease) {
    WebhookProperties {
        url = url == null || url.isBlank() ? null : url.trim();
        secret = secret == null ? "" : secret;
        maxAttempts = maxAttempts <= 0 ? 5 : maxAttempts;
        initialBackoff = initialBackoff == null ? Duration.ofSeconds(5) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofMinutes(10) : maxBackoff;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        lease = lease == null ? Duration.ofMinutes(1) : lease;
        // Refused at startup: otherwise every delivery fails while signing or building the request, and after
        // the retries every due item ends failed.
        if (url != null) {
            if (secret.isBlank()) {
                throw new IllegalArgumentException(
                        "WEBHOOK_URL is set but WEBHOOK_SECRET is empty: deliveries are signed with it");
            }
            java.net.URI uri;
            try {
                uri = java.net.URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("WEBHOOK_URL '" + url + "' is not a URL: " + e.getMessage());
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("WEBHOOK_URL '" + url + "' must be an http(s) URL with a host");
            }
        }
    }

    boolean enabled() {
        return url != null;
    }

    /** The wait after {@code failures} failed attempts: initial · 2^(failures−1), capped. */
    Duration backoffAfter(int failures) {
        Duration delay = initialBackoff;
        for (int i = 1; i < failures && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }
}
