package dev.primetime.realtime;

import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.Callers;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/** Verifies a socket's token with the service's own decoder, so sockets accept exactly the tokens HTTP does. */
@Component
class SocketAuth {
    private final JwtDecoder decoder;

    SocketAuth(JwtDecoder decoder) {
        this.decoder = decoder;
    }

    /** The caller, or why the token was refused. */
    sealed interface Outcome {}

    /** @param expiresAt when the token stops being valid (null: it has no expiry), and with it the socket */
    record Verified(Caller caller, Instant expiresAt) implements Outcome {}

    record Refused(String reason) implements Outcome {}

    Outcome verify(String token) {
        if (token == null || token.isBlank()) {
            return new Refused("a token is required");
        }
        try {
            Jwt jwt = decoder.decode(token);
            Caller caller = Callers.of(jwt);
            if (caller.tenantId() == null
                    || !("authenticated".equals(caller.role()) || "service_role".equals(caller.role()))) {
                return new Refused("this token's role may not subscribe");
            }
            return new Verified(caller, jwt.getExpiresAt());
        } catch (JwtException | IllegalArgumentException e) {
            return new Refused("invalid token: " + e.getMessage());
        }
    }

    /** The token from {@code Authorization: Bearer …}, if that is what the header holds. */
    static Optional<String> bearer(String header) {
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(header.substring(7).trim());
        }
        return Optional.empty();
    }
}
