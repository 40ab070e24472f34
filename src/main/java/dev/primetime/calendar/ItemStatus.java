package dev.primetime.calendar;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An item's lifecycle, written here once: {@code pending → scheduled → published}; {@code pending | scheduled →
 * skipped}; {@code pending | scheduled → failed}. Published, skipped and failed are terminal.
 */
public enum ItemStatus {
    PENDING,
    SCHEDULED,
    PUBLISHED,
    SKIPPED,
    FAILED;

    private Set<ItemStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(SCHEDULED, SKIPPED, FAILED);
            case SCHEDULED -> EnumSet.of(PUBLISHED, SKIPPED, FAILED);
            case PUBLISHED, SKIPPED, FAILED -> EnumSet.noneOf(ItemStatus.class);
        };
    }

    public boolean canMoveTo(ItemStatus target) {
        return next().contains(target);
    }

    public boolean isTerminal() {
        return next().isEmpty();
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ItemStatus> find(String value) {
        for (ItemStatus s : values()) {
            if (s.id().equalsIgnoreCase(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return id();
    }
}
