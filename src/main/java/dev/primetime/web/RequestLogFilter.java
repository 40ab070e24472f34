package dev.primetime.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One log line per API request, and per refused request of any path: method, path, status, duration, with the
 * request id and tenant in the MDC (so the JSON log of production carries them as fields). It runs before
 * {@link CanonicalRequestFilter} so that the requests that filter refuses are logged too (with the path as sent);
 * every other request is logged with its canonical path, the one every filter and the router read, so every
 * spelling of one path makes the same line.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestLogFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger("dev.primetime.requests");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            Object canonical = request.getAttribute(CanonicalRequestFilter.PATH_ATTRIBUTE);
            String path = canonical instanceof String p ? p : request.getRequestURI();
            if (path.startsWith("/api/") || response.getStatus() >= 400) {
                line(request, response, path, started);
            }
        }
    }

    private static void line(HttpServletRequest request, HttpServletResponse response, String path, long started) {
        Object tenant = request.getAttribute(RequestIds.TENANT_ATTRIBUTE);
        if (tenant != null) {
            MDC.put(RequestIds.TENANT_ATTRIBUTE, tenant.toString());
        }
        try {
            log.info(
                    "{} {} {} {}ms",
                    request.getMethod(),
                    path,
                    response.getStatus(),
                    (System.nanoTime() - started) / 1_000_000);
        } finally {
            MDC.remove(RequestIds.TENANT_ATTRIBUTE);
        }
    }
}
