package dev.primetime.platform;

import java.util.List;

/**
 * What the heuristics say about one content type on one platform: its peak windows, weekly frequency, spacing and
 * the hour-of-week curve of relative expected engagement (the recommendation model's prior).
 */
public record ContentTypeProfile(
        Platform platform,
        String contentType,
        String displayName,
        List<PostingWindow> windows,
        int minPerWeek,
        int maxPerWeek,
        int minSpacingMinutes,
        WeeklyCurve hourOfWeekCurve) {}
