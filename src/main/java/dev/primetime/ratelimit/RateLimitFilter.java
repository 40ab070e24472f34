package dev.primetime.ratelimit;

import dev.primetime.tenancy.Callers;
import dev.primetime.web.ErrorCode;
import dev.primetime.web.ErrorResponses;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One token bucket per tenant (per client address without a token). Runs after authentication, so it knows
 * the tenant, and before anything touches the database.
 */
@Component
@Order(-50)
class RateLimitFilter extends OncePerRequestFilter {
    private static final String API = "/api/v1/scheduling/";
    private static final long SWEEP_EVERY = 10_000;
    private final RateLimitProperties limits;
    private final ErrorResponses errors;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();

    private final io.micrometer.core.instrument.MeterRegistry meters;

    RateLimitFilter(
            RateLimitProperties limits, ErrorResponses errors, io.micrometer.core.instrument.MeterRegistry meters) {
        this.limits = limits;
        this.errors = errors;
        this.meters = meters;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !limits.enabled() || !path.startsWith(API) || path.equals(API + "health");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = Callers.of(SecurityContextHolder.getContext().getAuthentication())
                .map(c -> "tenant:" + c.tenantId())
                .orElseGet(() -> "ip:" + request.getRemoteAddr());
        Bucket bucket = buckets.computeIfAbsent(key, k -> newBucket());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        response.setHeader("RateLimit-Limit", Long.toString(limits.burst()));
        response.setHeader("RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
        response.setHeader("RateLimit-Reset", Long.toString(secondsUntilFull(probe.getRemainingTokens())));
        sweepIdleBuckets();
        if (!probe.isConsumed()) {
            // per tenant: which tenants hit their limit is what operators ask; anonymous callers share one series
            meters.counter(
                            "primetime.ratelimit.rejected",
                            "tenant",
                            key.startsWith("tenant:") ? key.substring(7) : "anonymous")
                    .increment();
            long retryAfter = Math.max(1, (long) Math.ceil(probe.getNanosToWaitForRefill() / 1e9));
            response.setHeader("Retry-After", Long.toString(retryAfter));
            errors.write(
                    request,
                    response,
                    ErrorCode.RATE_LIMITED,
                    "rate limit of " + limits.rps() + " requests/s (burst " + limits.burst()
                            + ") exceeded; retry after " + retryAfter + " s");
            return;
        }
        chain.doFilter(request, response);
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(limits.burst()).refillGreedy(limits.rps(), Duration.ofSeconds(1)))
                .build();
    }

    private long secondsUntilFull(long remaining) {
        return (long) Math.ceil((limits.burst() - remaining) / (double) limits.rps());
    }

    // A full bucket is the same as a new one, so dropping it loses nothing and keeps the map small.
    private void sweepIdleBuckets() {
        if (requests.incrementAndGet() % SWEEP_EVERY == 0) {
            buckets.entrySet().removeIf(e -> e.getValue().getAvailableTokens() >= limits.burst());
        }
    }
}
