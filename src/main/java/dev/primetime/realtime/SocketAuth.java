package dev.primetime.realtime;

import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.Callers;
import java.util.Optional;
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

    record Verified(Caller caller) implements Outcome {}

    record Refused(String reason) implements Outcome {}

    Outcome verify(String token) {
        if (token == null || token.isBlank()) {
            return new Refused("a token is required");
        }
        try {
            Caller caller = Callers.of(decoder.decode(token));
            if (caller.tenantId() == null
                    || !("authenticated".equals(caller.role()) || "service_role".equals(caller.role()))) {
                return new Refused("this token's role may not subscribe");
            }
            return new Verified(caller);
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
