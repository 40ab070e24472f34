package dev.primetime.platform;

import java.util.List;
import java.util.Optional;

/** A platform with the seed table's summary and its content types, the first being the default. */
public record PlatformProfile(
        Platform platform,
        String displayName,
        String bestTimes,
        String frequency,
        List<ContentTypeProfile> contentTypes) {

    public Optional<ContentTypeProfile> contentType(String id) {
        return contentTypes.stream().filter(c -> c.contentType().equals(id)).findFirst();
    }

    public ContentTypeProfile defaultContentType() {
        return contentTypes.getFirst();
    }
}
