package dev.primetime.platform;

import java.util.List;

/**
 * What the heuristics say about one content type on one platform: its peak windows, weekly frequency, spacing and
 * the hour-of-week curve of relative expected engagement (the recommendation model's prior), and how analytics
 * exports name it (words in their type column, the longest video of this type).
 */
public record ContentTypeProfile(
        Platform platform,
        String contentType,
        String displayName,
        List<PostingWindow> windows,
        int minPerWeek,
        int maxPerWeek,
        int minSpacingMinutes,
        WeeklyCurve hourOfWeekCurve,
        List<String> exportTypeKeywords,
        Integer maxDurationSeconds) {

    public ContentTypeProfile {
        windows = List.copyOf(windows);
        exportTypeKeywords = List.copyOf(exportTypeKeywords);
    }
}
