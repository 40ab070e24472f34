package dev.primetime.engagement;

import dev.primetime.platform.Platform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The column layouts of the platforms' analytics exports that {@code POST /kpi-events/import} reads. Each target
 * field lists the column names it is found under, first match wins, compared without case and surrounding space.
 *
 * <p>Where the names come from: Facebook's legacy Page Insights "Post data" export ("Posted", "Lifetime Post Total
 * Reach", "Lifetime Talking About This (Post) by action type - like", …) and the short names of the UCI "Facebook
 * metrics" file, which is such an export ("Total Reach", "like", …); Meta Business Suite's per-post exports for
 * Facebook and Instagram ("Post ID", "Publish time", "Reach", "Reactions", "Likes", "Saves", …); YouTube Studio's
 * Advanced mode "Table data.csv" ("Content", "Video publish time", "Views", "Watch time (hours)", "Comments added",
 * …). TikTok's names are a guess: its per-post export is not documented publicly, so every plausible name is listed
 * and {@code mapping} covers the rest (docs/SCHEDULING_API.md says which names are guessed).
 */
enum ImportPreset {
    /** This API's own field and metric names, as GET /kpi-events shows them. */
    PRIMETIME(
            null,
            Map.ofEntries(
                    Map.entry(Target.CONTENT_ID, List.of("content_id")),
                    Map.entry(Target.PLATFORM, List.of("platform")),
                    Map.entry(Target.CONTENT_TYPE, List.of("content_type")),
                    Map.entry(Target.PUBLISHED_AT, List.of("published_at")),
                    Map.entry(Target.OBSERVED_AT, List.of("observed_at")),
                    Map.entry(Target.TIMEZONE, List.of("timezone")),
                    Map.entry(Target.IMPRESSIONS, List.of("impressions")),
                    Map.entry(Target.REACH, List.of("reach")),
                    Map.entry(Target.VIEWS, List.of("views")),
                    Map.entry(Target.LIKES, List.of("likes")),
                    Map.entry(Target.COMMENTS, List.of("comments")),
                    Map.entry(Target.SHARES, List.of("shares")),
                    Map.entry(Target.SAVES, List.of("saves")),
                    Map.entry(Target.CLICKS, List.of("clicks")),
                    Map.entry(Target.WATCH_TIME_SECONDS, List.of("watch_time_seconds")))),
    FACEBOOK(
            "facebook",
            Map.ofEntries(
                    Map.entry(Target.CONTENT_ID, List.of("Post ID")),
                    Map.entry(Target.PUBLISHED_AT, List.of("Publish time", "Posted")),
                    Map.entry(Target.CONTENT_TYPE, List.of("Post type", "Type")),
                    Map.entry(
                            Target.IMPRESSIONS,
                            List.of("Impressions", "Lifetime Post Total Impressions", "Total Impressions")),
                    Map.entry(Target.REACH, List.of("Reach", "Lifetime Post Total Reach", "Total Reach")),
                    Map.entry(
                            Target.VIEWS, List.of("Views", "3-second video views", "Lifetime Post Total Video Views")),
                    Map.entry(
                            Target.LIKES,
                            List.of("Reactions", "like", "Lifetime Talking About This (Post) by action type - like")),
                    Map.entry(
                            Target.COMMENTS,
                            List.of(
                                    "Comments",
                                    "comment",
                                    "Lifetime Talking About This (Post) by action type - comment")),
                    Map.entry(
                            Target.SHARES,
                            List.of("Shares", "share", "Lifetime Talking About This (Post) by action type - share")),
                    Map.entry(Target.CLICKS, List.of("Total clicks", "Lifetime Post Consumptions", "Consumptions")),
                    Map.entry(Target.WATCH_TIME_SECONDS, List.of("Seconds viewed")))),
    INSTAGRAM(
            "instagram",
            Map.ofEntries(
                    Map.entry(Target.CONTENT_ID, List.of("Post ID")),
                    Map.entry(Target.PUBLISHED_AT, List.of("Publish time")),
                    Map.entry(Target.CONTENT_TYPE, List.of("Post type")),
                    Map.entry(Target.IMPRESSIONS, List.of("Impressions")),
                    Map.entry(Target.REACH, List.of("Reach")),
                    Map.entry(Target.VIEWS, List.of("Views", "Plays")),
                    Map.entry(Target.LIKES, List.of("Likes")),
                    Map.entry(Target.COMMENTS, List.of("Comments")),
                    Map.entry(Target.SHARES, List.of("Shares")),
                    Map.entry(Target.SAVES, List.of("Saves")))),
    YOUTUBE(
            "youtube",
            Map.ofEntries(
                    Map.entry(Target.CONTENT_ID, List.of("Content", "Video")),
                    Map.entry(Target.PUBLISHED_AT, List.of("Video publish time")),
                    Map.entry(Target.DURATION_SECONDS, List.of("Duration")),
                    Map.entry(Target.VIEWS, List.of("Views")),
                    Map.entry(Target.WATCH_TIME_HOURS, List.of("Watch time (hours)")),
                    Map.entry(Target.IMPRESSIONS, List.of("Impressions")),
                    Map.entry(Target.LIKES, List.of("Likes")),
                    Map.entry(Target.COMMENTS, List.of("Comments added", "Comments")),
                    Map.entry(Target.SHARES, List.of("Shares")))),
    TIKTOK(
            "tiktok",
            Map.ofEntries(
                    Map.entry(Target.CONTENT_ID, List.of("Video ID", "Post ID", "Video link", "Video URL")),
                    Map.entry(
                            Target.PUBLISHED_AT,
                            List.of("Post time", "Posted on", "Date posted", "Create time", "Time")),
                    Map.entry(Target.VIEWS, List.of("Video views", "Total views", "Views")),
                    Map.entry(Target.REACH, List.of("Reached audience", "Reach")),
                    Map.entry(Target.LIKES, List.of("Likes", "Total likes")),
                    Map.entry(Target.COMMENTS, List.of("Comments", "Total comments")),
                    Map.entry(Target.SHARES, List.of("Shares", "Total shares")),
                    Map.entry(Target.SAVES, List.of("Saves", "Add to Favorites", "Favorites")))),
    /** Only the request's {@code mapping}. */
    CUSTOM(null, Map.of());

    /** What a column can feed. */
    enum Target {
        CONTENT_ID,
        PLATFORM,
        CONTENT_TYPE,
        PUBLISHED_AT,
        OBSERVED_AT,
        /** The post's own audience zone (overrides the tenant's for it). */
        TIMEZONE,
        IMPRESSIONS(KpiMetric.IMPRESSIONS, 1),
        REACH(KpiMetric.REACH, 1),
        VIEWS(KpiMetric.VIEWS, 1),
        LIKES(KpiMetric.LIKES, 1),
        COMMENTS(KpiMetric.COMMENTS, 1),
        SHARES(KpiMetric.SHARES, 1),
        SAVES(KpiMetric.SAVES, 1),
        CLICKS(KpiMetric.CLICKS, 1),
        WATCH_TIME_SECONDS(KpiMetric.WATCH_TIME_SECONDS, 1),
        /** YouTube Studio reports watch time in hours. */
        WATCH_TIME_HOURS(KpiMetric.WATCH_TIME_SECONDS, 3600),
        /** A video's length: YouTube's Shorts are at most 3 minutes, so it tells them from long-form videos. */
        DURATION_SECONDS;

        final KpiMetric metric;
        final double factor;

        Target() {
            this(null, 0);
        }

        Target(KpiMetric metric, double factor) {
            this.metric = metric;
            this.factor = factor;
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Target> find(String id) {
            for (Target t : values()) {
                if (t.id().equals(id)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The catalog id of the platform whose export this is (the platform's content types say how its export names
     * them: {@code export_type_keywords}), or null for a layout of any platform's rows.
     */
    final Platform platform;

    final Map<Target, List<String>> columns;

    ImportPreset(String platform, Map<Target, List<String>> columns) {
        this.platform = platform == null ? null : Platform.of(platform);
        this.columns = columns;
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<ImportPreset> find(String id) {
        for (ImportPreset p : values()) {
            if (p.id().equals(id)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** For the answer: which column fed each target. */
    static Map<String, String> describe(Map<Target, String> resolved) {
        Map<String, String> out = new LinkedHashMap<>();
        resolved.forEach((t, c) -> out.put(t.id(), c));
        return out;
    }
}
