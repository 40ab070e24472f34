package dev.primetime.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the API requests in flight. On virtual threads nothing else does: under overload every request would
 * be accepted and wait for a database connection, holding memory, until the heap ran out. Beyond the bound a
 * request waits briefly and is then refused with 503 and Retry-After, which clients and load balancers handle.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 4)
class ConcurrencyLimitFilter extends OncePerRequestFilter {
    static final long WAIT_MILLIS = 2_000;
    private static final String HEALTH = "/api/v1/scheduling/health";
    private static final String SOCKET = "/api/v1/scheduling/ws";
    private final Semaphore permits;
    private final ErrorResponses errors;

    ConcurrencyLimitFilter(ServiceProperties properties, ErrorResponses errors) {
        this.permits = new Semaphore(properties.maxConcurrentRequests());
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI(); // canonical (CanonicalRequestFilter)
        // the WebSocket upgrade holds no request thread afterwards; health must answer even under overload
        return !path.startsWith("/api/") || path.equals(HEALTH) || path.equals(SOCKET);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            response.setHeader("Retry-After", "1");
            errors.write(request, response, ErrorCode.SERVICE_UNAVAILABLE, "the service is at capacity; retry shortly");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            permits.release();
        }
    }
}
