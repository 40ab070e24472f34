package dev.primetime.tenancy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import tools.jackson.databind.json.JsonMapper;

/** Turns a verified token into the {@link Caller} the rest of the service works with. */
public final class Callers {
    private static final String WORKER_SUBJECT = "primetime-worker";

    private Callers() {}

    public static Optional<Caller> of(Authentication authentication) {
        if (authentication instanceof JwtAuthenticationToken token) {
            return Optional.of(of(token.getToken()));
        }
        return Optional.empty();
    }

    /** The caller a verified token stands for (the WebSocket handshake verifies tokens itself). */
    public static Caller of(Jwt jwt) {
        String tenant = tenantOf(jwt);
        String role = jwt.getClaimAsString("role");
        return new Caller(tenant, jwt.getSubject(), role == null ? "" : role, claimsJson(jwt));
    }

    /**
     * The caller that background work (dispatch, event delivery) acts as for one tenant: the service itself, with
     * claims that row level security scopes to that tenant exactly as it scopes the tenant's own requests.
     */
    public static Caller worker(String tenantId) {
        String claims = JsonMapper.shared()
                .writeValueAsString(Map.of(
                        "sub", WORKER_SUBJECT, "role", "service_role", "app_metadata", Map.of("tenant_id", tenantId)));
        return new Caller(tenantId, WORKER_SUBJECT, "service_role", claims);
    }

    static String tenantOf(Jwt jwt) {
        if (jwt.getClaims().get("app_metadata") instanceof Map<?, ?> meta
                && meta.get("tenant_id") instanceof String tenant
                && !tenant.isBlank()) {
            return tenant;
        }
        String subject = jwt.getSubject();
        return subject == null || subject.isBlank() ? null : subject;
    }

    // The payload exactly as signed, which is what PostgREST puts in request.jwt.claims.
    private static String claimsJson(Jwt jwt) {
        String[] parts = jwt.getTokenValue().split("\\.");
        return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    }
}
