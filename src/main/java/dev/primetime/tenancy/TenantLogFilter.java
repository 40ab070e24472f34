package dev.primetime.tenancy;

import dev.primetime.web.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Once the token is verified, every log line of the request names its tenant. */
@Component
@Order(-60)
class TenantLogFilter extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var caller = Callers.of(SecurityContextHolder.getContext().getAuthentication());
        if (caller.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(RequestIds.TENANT_ATTRIBUTE, caller.get().tenantId());
        MDC.put(RequestIds.TENANT_ATTRIBUTE, caller.get().tenantId());
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(RequestIds.TENANT_ATTRIBUTE);
        }
    }
}
