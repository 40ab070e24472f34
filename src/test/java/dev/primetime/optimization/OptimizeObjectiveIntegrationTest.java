package dev.primetime.optimization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 18: {@code objective} on /optimize reaches the slot scores, which read the history in the audience's zone
 * from the settings (here Lisbon), not the schedule's (New York).
 */
class OptimizeObjectiveIntegrationTest extends IntegrationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ZoneId LISBON = ZoneId.of("Europe/Lisbon");

    /** Twelve weeks: Tuesdays 10:00 Lisbon widely seen and never interacted with, Saturdays 21:00 the reverse. */
    private static String history() {
        StringBuilder lines = new StringBuilder();
        LocalDate monday = LocalDate.of(2025, 12, 1);
        for (int w = 0; w < 12; w++, monday = monday.plusWeeks(1)) {
            Instant seen = monday.plusDays(1).atTime(10, 0).atZone(LISBON).toInstant();
            Instant liked = monday.plusDays(5).atTime(21, 0).atZone(LISBON).toInstant();
            lines.append(JSON.writeValueAsString(Map.of(
                            "content_id",
                            "seen-" + w,
                            "platform",
                            "facebook",
                            "published_at",
                            seen.toString(),
                            "likes",
                            0,
                            "comments",
                            0,
                            "views",
                            5000)))
                    .append('\n');
            lines.append(JSON.writeValueAsString(Map.of(
                            "content_id",
                            "liked-" + w,
                            "platform",
                            "facebook",
                            "published_at",
                            liked.toString(),
                            "likes",
                            80,
                            "comments",
                            9,
                            "views",
                            200)))
                    .append('\n');
        }
        return lines.toString();
    }

    private ZonedDateTime placedBy(String objective) {
        Api api = api("optimize-objective-" + UUID.randomUUID());
        assertThat(api.header("Content-Type", "application/x-ndjson")
                        .post("/api/v1/scheduling/kpi-events/import", history())
                        .status())
                .isEqualTo(201);
        assertThat(api.send("PUT", "/api/v1/scheduling/settings", Map.of("audience_timezone", "Europe/Lisbon"))
                        .status())
                .isEqualTo(200);
        var schedule = api.post(
                "/api/v1/scheduling/calendar",
                Map.of(
                        "title", "One post",
                        "timezone", "America/New_York",
                        "items", List.of(Map.of("content_id", "next", "platform", "facebook"))));
        assertThat(schedule.status()).as(schedule.body()).isEqualTo(201);
        String id = schedule.json().path("id").asString();
        var curve = api.get("/api/v1/scheduling/recommendations/curve?platform=facebook&objective=" + objective)
                .json();
        System.out.println("DEBUG " + objective + " best " + curve.path("best_slot") + " tz " + curve.path("timezone")
                + " sat21 " + curve.path("expected").get(5 * 24 + 21) + " sat0 "
                + curve.path("expected").get(5 * 24)
                + " tue10 " + curve.path("expected").get(34) + " fri23 "
                + curve.path("expected").get(4 * 24 + 23));

        var run = api.post(
                "/api/v1/scheduling/optimize",
                Map.of("schedule_id", id, "time_limit_ms", 2000, "objective", objective));

        assertThat(run.status()).as(run.body()).isEqualTo(200);
        String at = api.get("/api/v1/scheduling/calendar/" + id)
                .json()
                .path("items")
                .get(0)
                .path("scheduled_time")
                .asString();
        return OffsetDateTime.parse(at).atZoneSameInstant(LISBON);
    }

    @Test
    void byInteractionsTheItemGoesWherePeopleInteracted() {
        ZonedDateTime placed = placedBy("interactions");

        assertThat(placed.getDayOfWeek()).as(placed.toString()).isIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        assertThat(placed.getHour()).as(placed.toString()).isBetween(20, 22);
    }

    @Test
    void byViewsItGoesWherePostsWereSeen() {
        ZonedDateTime placed = placedBy("views");

        assertThat(placed.getDayOfWeek()).as(placed.toString()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        assertThat(placed.getHour()).as(placed.toString()).isBetween(9, 11);
    }

    @Test
    void anUnknownObjectiveIs422() {
        Api api = api("optimize-objective-" + UUID.randomUUID());
        var schedule = api.post(
                "/api/v1/scheduling/calendar",
                Map.of(
                        "title", "One post",
                        "timezone", "America/New_York",
                        "items", List.of(Map.of("content_id", "next", "platform", "facebook"))));
        var run = api.post(
                "/api/v1/scheduling/optimize",
                Map.of("schedule_id", schedule.json().path("id").asString(), "objective", "likes"));

        assertThat(run.status()).isEqualTo(422);
        assertThat(run.json().path("error_message").asString())
                .contains("objective: unknown objective 'likes'; one of interactions, engagement_rate, views,"
                        + " watch_time_seconds");
    }
}
