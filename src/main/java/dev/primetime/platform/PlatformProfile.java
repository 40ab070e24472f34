package dev.primetime.platform;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A platform as the catalog has it: the seed table's summary, its other names, where its prior curves come from, and
 * its content types, the first being the default.
 */
public record PlatformProfile(
        Platform platform,
        String displayName,
        String shortName,
        String bestTimes,
        String frequency,
        String priorSource,
        List<String> aliases,
        List<ContentTypeProfile> contentTypes) {

    public PlatformProfile {
        aliases = List.copyOf(aliases);
        contentTypes = List.copyOf(contentTypes);
        if (contentTypes.isEmpty()) {
            throw new IllegalArgumentException("platform " + platform + " has no content types");
        }
    }

    public Optional<ContentTypeProfile> contentType(String id) {
        return contentTypes.stream().filter(c -> c.contentType().equals(id)).findFirst();
    }

    public ContentTypeProfile defaultContentType() {
        return contentTypes.getFirst();
    }

    /**
     * The content type an analytics export means by its own type name ("IG reel", "Video") or, without one, by the
     * post's duration; empty for the platform's default. The first content type (in catalog order) one of whose
     * export keywords the name contains wins; else a duration picks the type with the shortest limit it fits, when
     * the platform's types have limits.
     */
    public Optional<String> contentTypeOfExport(String exportType, Double durationSeconds) {
        String name = exportType == null ? "" : exportType.strip().toLowerCase(Locale.ROOT);
        if (!name.isEmpty()) {
            for (ContentTypeProfile type : contentTypes) {
                if (type.exportTypeKeywords().stream().anyMatch(name::contains)) {
                    return Optional.of(type.contentType());
                }
            }
        }
        if (durationSeconds == null || contentTypes.stream().allMatch(t -> t.maxDurationSeconds() == null)) {
            return Optional.empty();
        }
        ContentTypeProfile best = null;
        for (ContentTypeProfile type : contentTypes) {
            Integer max = type.maxDurationSeconds();
            boolean fits = max == null || durationSeconds <= max;
            if (fits && (best == null || longer(best.maxDurationSeconds(), max))) {
                best = type;
            }
        }
        return Optional.ofNullable(best).map(ContentTypeProfile::contentType);
    }

    /** Whether limit {@code a} is longer than {@code b} (no limit being the longest). */
    private static boolean longer(Integer a, Integer b) {
        return b != null && (a == null || a > b);
    }
}
