package dev.primetime.platform;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** A platform content is published on. {@code x} is accepted as another name for {@link #TWITTER}. */
public enum Platform {
    YOUTUBE,
    TIKTOK,
    INSTAGRAM,
    LINKEDIN,
    TWITTER,
    FACEBOOK;

    /** The identifier in the API and the database. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Platform> find(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("x") || v.equals("twitter/x")) {
            return Optional.of(TWITTER);
        }
        for (Platform p : values()) {
            if (p.id().equals(v)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @JsonCreator
    static Platform fromJson(String value) {
        return find(value).orElseThrow(() -> new IllegalArgumentException("unknown platform"));
    }

    @Override
    public String toString() {
        return id();
    }
}
