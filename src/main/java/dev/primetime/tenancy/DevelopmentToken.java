package dev.primetime.tenancy;

import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/** The token generated at start-up when no way to verify real tokens is configured (development only). */
@Component
class DevelopmentToken {
    private final AtomicReference<String> token = new AtomicReference<>();

    void set(String value) {
        token.set(value);
    }

    Optional<String> get() {
        return Optional.ofNullable(token.get());
    }

    /** The tenant the token acts for (its subject), if there is a token. */
    Optional<String> tenant() {
        return get().map(t -> {
            try {
                return SignedJWT.parse(t).getJWTClaimsSet().getSubject();
            } catch (ParseException e) {
                throw new IllegalStateException("the development token does not parse", e);
            }
        });
    }
}
