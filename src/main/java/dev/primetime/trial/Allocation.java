package dev.primetime.trial;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** How new posts are placed into variants. */
enum Allocation {
    /** One draw from each variant's posterior, the post goes to the highest draw (after a balanced warm-up). */
    THOMPSON,
    /** Always the variant with the fewest posts, so the variants stay balanced. */
    UNIFORM;

    @JsonValue
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Allocation> find(String value) {
        for (Allocation a : values()) {
            if (a.id().equals(value)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
