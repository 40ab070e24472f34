package dev.primetime.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import dev.primetime.support.TableCounts;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class KpiEventIntegrationTest extends IntegrationTest {
    private static final String EVENTS = "/api/v1/scheduling/kpi-events";

    @Autowired
    DataSource dataSource;

    @Autowired
    EngagementHistory history;

    private Map<String, Object> event(String eventId, String metric, double value) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("content_id", "post-1");
        e.put("platform", "instagram");
        e.put("content_type", "reel");
        e.put("published_at", clock.instant().minus(Duration.ofDays(2)).toString());
        e.put("metric", metric);
        e.put("value", value);
        if (eventId != null) {
            e.put("event_id", eventId);
        }
        return e;
    }

    @Test
    void recordsOneEventAndStoresADuplicateEventIdOnce() {
        Api api = api("kpi-" + UUID.randomUUID());
        var first = api.post(EVENTS, event("ev-1", "likes", 42));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().path("stored").asInt()).isEqualTo(1);

        var again = api.post(EVENTS, event("ev-1", "likes", 42));
        assertThat(again.json().path("stored").asInt()).isZero();
        assertThat(again.json().path("duplicates").asInt()).isEqualTo(1);
        assertThat(api.get(EVENTS).json().path("data").size()).isEqualTo(1);
    }

    @Test
    void aPostReportedUnderTwoPublishTimesCountsItsLatestValueOnce() {
        String tenant = "kpi-" + UUID.randomUUID();
        Api api = api(tenant);
        Map<String, Object> first = event(null, "likes", 100);
        first.put("observed_at", clock.instant().minus(Duration.ofHours(2)).toString());
        // the same post, its time sent an hour later (as after a move), observed later with the counter grown
        Map<String, Object> later = event(null, "likes", 120);
        later.put(
                "published_at",
                clock.instant()
                        .minus(Duration.ofDays(2))
                        .plus(Duration.ofHours(1))
                        .toString());
        later.put("observed_at", clock.instant().minus(Duration.ofHours(1)).toString());
        assertThat(api.post(EVENTS, Map.of("events", List.of(first, later))).status())
                .isEqualTo(201);

        var posts = history.posts(tenant);

        assertThat(posts).hasSize(1);
        assertThat(posts.getFirst().interactions()).hasValue(120);
        assertThat(posts.getFirst().publishedAt())
                .isEqualTo(clock.instant().minus(Duration.ofDays(2)).plus(Duration.ofHours(1)));
    }

    @Test
    void ofTwoValuesObservedAtOnceTheLargerCounts() {
        String tenant = "kpi-" + UUID.randomUUID();
        Api api = api(tenant);
        String at = clock.instant().minus(Duration.ofHours(1)).toString();
        List<Map<String, Object>> events = new java.util.ArrayList<>();
        for (int likes : new int[] {120, 100, 110, 90}) { // counters only grow: the same moment's larger is newer
            Map<String, Object> e = event(null, "likes", likes);
            e.put("observed_at", at);
            events.add(e);
        }
        assertThat(api.post(EVENTS, Map.of("events", events)).status()).isEqualTo(201);

        assertThat(history.posts(tenant))
                .singleElement()
                .extracting(p -> p.interactions().getAsDouble())
                .isEqualTo(120.0);
    }

    @Test
    void aBatchWithOneBadEventIsRejectedWholeNamingTheIndexAndField() {
        Api api = api("kpi-" + UUID.randomUUID());
        Map<String, Long> before = TableCounts.of(dataSource);
        var response = api.post(
                EVENTS,
                Map.of("events", List.of(event("a", "views", 100), event("b", "hearts", 3), event("c", "likes", 5))));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("error_message").asString()).contains("events[1].metric");
        assertThat(TableCounts.of(dataSource)).isEqualTo(before);
    }

    @Test
    void eventsOfAKnownItemInheritItsPlatformContentTypeAndPublishTime() {
        String tenant = "kpi-" + UUID.randomUUID();
        Api api = api(tenant);
        String at = clock.instant().plus(Duration.ofHours(3)).toString();
        var schedule = api.post(
                "/api/v1/scheduling/calendar",
                Map.of(
                        "title",
                        "S",
                        "timezone",
                        "Europe/Berlin",
                        "items",
                        List.of(Map.of(
                                "content_id",
                                "c9",
                                "platform",
                                "linkedin",
                                "content_type",
                                "article",
                                "scheduled_time",
                                at))));
        String itemId = schedule.json().path("items").get(0).path("id").asString();
        clock.advance(Duration.ofHours(5));
        api = api(tenant); // a token valid at the new time

        var recorded = api.post(EVENTS, Map.of("item_id", itemId, "metric", "clicks", "value", 7));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);

        var stored = api.get(EVENTS + "?item_id=" + itemId).json().path("data").get(0);
        assertThat(stored.path("platform").asString()).isEqualTo("linkedin");
        assertThat(stored.path("content_type").asString()).isEqualTo("article");
        assertThat(stored.path("content_id").asString()).isEqualTo("c9");
        assertThat(stored.path("published_at").asString()).isEqualTo(at);
        // not the schedule's zone: the model reads the instant in the audience's zone when it fits (issue 18)
        assertThat(stored.path("timezone").isNull()).isTrue();
        assertThat(stored.path("hour_of_week").isNull()).isTrue();

        // an event that names its audience's zone keeps it, and is filed under that zone's hour of the week
        var named =
                api.post(EVENTS, Map.of("item_id", itemId, "metric", "likes", "value", 3, "timezone", "Europe/Berlin"));
        assertThat(named.status()).as(named.body()).isEqualTo(201);
        tools.jackson.databind.JsonNode own = null;
        for (var e : api.get(EVENTS + "?item_id=" + itemId).json().path("data")) {
            own = e.path("metric").asString().equals("likes") ? e : own; // both were stored at the same instant
        }
        assertThat(own.path("timezone").asString()).isEqualTo("Europe/Berlin");
        // 2026-03-02T12:00Z is Monday 13:00 in Berlin
        assertThat(own.path("hour_of_week").asInt()).isEqualTo(13);
    }

    @Test
    void rejectsAnotherTenantsItem() {
        var schedule = api("kpi-owner")
                .post(
                        "/api/v1/scheduling/calendar",
                        Map.of(
                                "title",
                                "S",
                                "timezone",
                                "UTC",
                                "items",
                                List.of(Map.of("content_id", "c", "platform", "youtube"))));
        String itemId = schedule.json().path("items").get(0).path("id").asString();
        var response = api("kpi-other")
                .post(
                        EVENTS,
                        Map.of(
                                "item_id",
                                itemId,
                                "metric",
                                "views",
                                "value",
                                1,
                                "published_at",
                                clock.instant().toString()));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("error_message").asString()).contains("item_id");
    }

    @Test
    void badEventsAre422NamingTheField() {
        Api api = api("kpi-bad");
        Map<String, Object> noPost = event(null, "likes", 1);
        noPost.remove("content_id");
        Map<String, Object> negative = event(null, "likes", -1);
        Map<String, Object> future = event(null, "likes", 1);
        future.put("observed_at", clock.instant().plus(Duration.ofDays(1)).toString());
        Map<String, Object> wrongType = event(null, "likes", 1);
        wrongType.put("content_type", "article");
        Map<String, Object> noOffset = event(null, "likes", 1);
        noOffset.put("published_at", "2026-03-01T10:00:00");
        for (var entry : Map.of(
                        "content_id",
                        noPost,
                        "value",
                        negative,
                        "observed_at",
                        future,
                        "content_type",
                        wrongType,
                        "published_at",
                        noOffset)
                .entrySet()) {
            var response = api.post(EVENTS, entry.getValue());
            assertThat(response.status()).as(entry.getKey()).isEqualTo(422);
            assertThat(response.json().path("error_message").asString()).startsWith(entry.getKey() + ":");
        }
        Map<String, Object> ancient = event(null, "likes", 1);
        ancient.put("published_at", "-5000-01-01T00:00:00Z");
        var outOfRange = api.post(EVENTS, ancient);
        assertThat(outOfRange.status()).as(outOfRange.body()).isEqualTo(422);
        assertThat(outOfRange.json().path("error_message").asString()).startsWith("published_at:");
        assertThat(api.post(EVENTS, Map.of("events", java.util.Collections.nCopies(1001, event(null, "likes", 1))))
                        .status())
                .isEqualTo(422);
    }
}
