package dev.primetime.ratelimit;

import dev.primetime.tenancy.Callers;
import dev.primetime.web.ErrorCode;
import dev.primetime.web.ErrorResponses;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
    private static final String API = "/api/v1/scheduling/";
    private final RateLimitProperties limits;
    private final ErrorResponses errors;
    private final RateLimitBuckets buckets;

    private final io.micrometer.core.instrument.MeterRegistry meters;

    RateLimitFilter(
            RateLimitProperties limits, ErrorResponses errors, io.micrometer.core.instrument.MeterRegistry meters) {
        this.limits = limits;
        this.errors = errors;
        this.meters = meters;
        this.buckets = RateLimitBuckets.of(limits);
    }

    @Override
    public void destroy() {
        buckets.close();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI(); // canonical (web.CanonicalRequestFilter)
        return !limits.enabled() || !path.startsWith(API) || path.equals(API + "health");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = Callers.of(SecurityContextHolder.getContext().getAuthentication())
                .map(c -> "tenant:" + c.tenantId())
                .orElseGet(() -> "ip:" + request.getRemoteAddr());
        ConsumptionProbe probe;
        try {
            probe = buckets.bucket(key).tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            // a shared store that is down must not take the API down with it: let the request through
            log.warn("rate limit store unavailable; not limiting: {}", e.toString());
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("RateLimit-Limit", Long.toString(limits.burst()));
        response.setHeader("RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
        response.setHeader("RateLimit-Reset", Long.toString(secondsUntilFull(probe.getRemainingTokens())));
        if (!probe.isConsumed()) {
            // two series, never one per tenant (that grows with every tenant, without limit): which tenant was
            // limited is in the request log (status 429, tenant_id)
            meters.counter("primetime.ratelimit.rejected", "caller", key.startsWith("tenant:") ? "tenant" : "anonymous")
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

    private long secondsUntilFull(long remaining) {
        return (long) Math.ceil((limits.burst() - remaining) / (double) limits.rps());
    }
}
