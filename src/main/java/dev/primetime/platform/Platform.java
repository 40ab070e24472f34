package dev.primetime.platform;

import com.fasterxml.jackson.annotation.JsonValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.regex.Pattern;

/**
 * A platform content is published on, by its id in the catalog ({@code platforms.id}): a value, not a closed set.
 * Which ids exist, their other names ({@code x} for {@code twitter}) and their heuristics are the catalog's
 * ({@link PlatformCatalog#find(String)} turns what a request says into a platform); code never branches on an id.
 */
@Schema(type = "string", description = "A platform id, as GET /platforms lists them")
public record Platform(String id) implements Comparable<Platform> {
    /** The same rule as the {@code platforms.id} CHECK of V19. */
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    public Platform {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a platform id: " + id);
        }
    }

    /** The platform with this id as stored (a catalog id, not an alias; use the catalog for what a caller typed). */
    public static Platform of(String id) {
        return new Platform(id);
    }

    /** The identifier in the API and the database. */
    @Override
    @JsonValue
    public String id() {
        return id;
    }

    @Override
    public int compareTo(Platform other) {
        return id.compareTo(other.id);
    }

    @Override
    public String toString() {
        return id;
    }
}
