package dev.primetime.tenancy;

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
}
