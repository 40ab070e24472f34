package dev.primetime.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 18, second "done when": posts with zero interactions and many impressions never rank above posts with
 * interactions, whatever the objective, except views (a post can be watched a lot and liked by no one).
 */
class ObjectiveIntegrationTest extends IntegrationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ZoneId ZONE = ZoneId.of("Europe/Lisbon");
    // Tuesday 10:00: inside Facebook's weekday peak window, so the platform prior favours it
    private static final int SILENT_HOUR = 24 + 10;
    // Saturday 21:00: outside it
    private static final int ENGAGED_HOUR = 5 * 24 + 21;

    /**
     * Twelve weeks of a Facebook page: each week a post at Tuesday 10:00 that 2,500 people saw and no one liked,
     * commented on or shared, and one at Saturday 21:00 that fewer saw and some interacted with.
     */
    private String history() {
        StringBuilder lines = new StringBuilder();
        LocalDate monday = LocalDate.of(2025, 12, 1);
        for (int w = 0; w < 12; w++, monday = monday.plusWeeks(1)) {
            Instant silent = monday.plusDays(1).atTime(10, 0).atZone(ZONE).toInstant();
            Instant engaged = monday.plusDays(5).atTime(21, 0).atZone(ZONE).toInstant();
            lines.append(JSON.writeValueAsString(Map.of(
                            "content_id",
                            "silent-" + w,
                            "platform",
                            "facebook",
                            "published_at",
                            silent.toString(),
                            "likes",
                            0,
                            "comments",
                            0,
                            "shares",
                            0,
                            "impressions",
                            2500 + 10 * w,
                            "reach",
                            2000,
                            "views",
                            2400,
                            "watch_time_seconds",
                            0)))
                    .append('\n');
            lines.append(JSON.writeValueAsString(Map.of(
                            "content_id",
                            "engaged-" + w,
                            "platform",
                            "facebook",
                            "published_at",
                            engaged.toString(),
                            "likes",
                            30 + w,
                            "comments",
                            5,
                            "shares",
                            2,
                            "impressions",
                            300,
                            "reach",
                            250,
                            "views",
                            120,
                            "watch_time_seconds",
                            600)))
                    .append('\n');
        }
        return lines.toString();
    }

    private JsonNode curve(String objective) {
        String tenant = "objective-" + UUID.randomUUID();
        Api api = api(tenant);
        var imported = api.header("Content-Type", "application/x-ndjson")
                .post("/api/v1/scheduling/kpi-events/import", history());
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        var curve =
                api.get("/api/v1/scheduling/recommendations/curve?platform=facebook&timezone=Europe/Lisbon&objective="
                        + objective);
        assertThat(curve.status()).as(curve.body()).isEqualTo(200);
        assertThat(curve.json().path("objective").asString()).isEqualTo(objective);
        assertThat(curve.json().path("observations").asInt()).isEqualTo(24);
        return curve.json();
    }

    @ParameterizedTest
    @ValueSource(strings = {"interactions", "engagement_rate", "watch_time_seconds"})
    void postsWithoutInteractionsNeverRankAbovePostsWithThem(String objective) {
        JsonNode curve = curve(objective);

        JsonNode expected = curve.path("expected");
        assertThat(expected.get(ENGAGED_HOUR).asDouble())
                .as("%s: the hour of the posts people interacted with", objective)
                .isGreaterThan(expected.get(SILENT_HOUR).asDouble());
        // the silent posts' hour is not merely below: it is below every hour nothing was posted at on its day
        assertThat(expected.get(SILENT_HOUR).asDouble())
                .isLessThan(expected.get(SILENT_HOUR + 3).asDouble());
        // and a post there is expected to earn less than the tenant's median post (which scores 1)
        assertThat(expected.get(SILENT_HOUR).asDouble()).isLessThan(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"views"})
    void byViewsTheWidelySeenPostsMayRankFirst(String objective) {
        JsonNode curve = curve(objective);

        JsonNode expected = curve.path("expected");
        assertThat(expected.get(SILENT_HOUR).asDouble())
                .isGreaterThan(expected.get(ENGAGED_HOUR).asDouble());
    }
}
