package dev.primetime.platform;

import java.util.List;

/** What the heuristics say about one content type on one platform. */
public record ContentTypeProfile(
        Platform platform,
        String contentType,
        String displayName,
        List<PostingWindow> windows,
        int minPerWeek,
        int maxPerWeek,
        int minSpacingMinutes) {}
