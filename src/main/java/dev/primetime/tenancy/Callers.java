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

    /** The token roles that may use the API; any other ({@code anon}, none) is refused with 403. */
    static final java.util.Set<String> API_ROLES = java.util.Set.of("authenticated", "service_role");

    private Callers() {}

    /**
     * The caller of a request: present only for a verified token whose role may use the API. A token with another
     * role never gets this far (403), and even so would act as no caller, never as its tenant.
     */
    public static Optional<Caller> of(Authentication authentication) {
        if (authentication instanceof JwtAuthenticationToken token && mayUseTheApi(token)) {
            return Optional.of(of(token.getToken()));
        }
        return Optional.empty();
    }

    static boolean mayUseTheApi(JwtAuthenticationToken token) {
        String role = token.getToken().getClaimAsString("role");
        return role != null && API_ROLES.contains(role); // Set.of throws on contains(null)
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
