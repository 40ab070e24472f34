package dev.primetime.trial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import dev.primetime.support.TableCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class TrialIntegrationTest extends IntegrationTest {
    private static final String TRIALS = "/api/v1/scheduling/trials";
    private static final String EVENTS = "/api/v1/scheduling/kpi-events";

    @Autowired
    DataSource dataSource;

    private final String tenant = "trials-" + UUID.randomUUID();

    private Api api() {
        return api(tenant);
    }

    private static Map<String, Object> variant(String label, String day, String time) {
        return Map.of("label", label, "weekly_slots", List.of(Map.of("day", day, "time", time)));
    }

    private Map<String, Object> trialBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Evening vs morning reels");
        body.put("platform", "instagram");
        body.put("content_type", "reel");
        body.put("variants", List.of(variant("A", "tue", "09:00"), variant("B", "tue", "19:00")));
        body.put("metric", "engagement_rate");
        body.put("allocation", "uniform");
        body.put("min_posts_per_variant", 10);
        body.put("seed", 7);
        return body;
    }

    private String createTrial(Api api) {
        var created = api.post(TRIALS, trialBody());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    /** A schedule item to create: content, platform, content type (null: the platform's default), due in {@code in}. */
    private Map<String, Object> post(String contentId, String platform, String contentType, Duration in) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("content_id", contentId);
        item.put("platform", platform);
        if (contentType != null) {
            item.put("content_type", contentType);
        }
        item.put("scheduled_time", clock.instant().plus(in).toString());
        return item;
    }

    /** A UTC schedule with these items, as created. */
    private JsonNode schedule(List<Map<String, Object>> items) {
        var created = api().post(
                        "/api/v1/scheduling/calendar",
                        Map.of("title", "Trial posts", "timezone", "UTC", "items", items));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private List<Map<String, Object>> engagement(String contentId, double impressions, double likes) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (var metric : Map.of("impressions", impressions, "likes", likes).entrySet()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("content_id", contentId);
            e.put("platform", "instagram");
            e.put("content_type", "reel");
            e.put("published_at", clock.instant().minus(Duration.ofDays(1)).toString());
            e.put("metric", metric.getKey());
            e.put("value", metric.getValue());
            events.add(e);
        }
        return events;
    }

    @Test
    void concludesTheVariantWhosePostsEngageMore() {
        String id = createTrial(api());
        List<String> contents = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            contents.add("reel-" + i);
        }
        var assigned = api().post(TRIALS + "/" + id + "/assign", Map.of("content_ids", contents));
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        Map<String, String> variantOf = new LinkedHashMap<>();
        assigned.json()
                .path("assignments")
                .forEach(a -> variantOf.put(
                        a.path("content_id").asString(), a.path("variant").asString()));
        assertThat(variantOf.values()).containsOnly("A", "B");
        assertThat(variantOf.values().stream().filter("A"::equals).count()).isEqualTo(12);

        // B's evening posts earn 5% interactions per impression, A's morning posts 3%.
        List<Map<String, Object>> events = new ArrayList<>();
        variantOf.forEach((content, v) -> events.addAll(engagement(content, 10_000, v.equals("B") ? 500 : 300)));
        var recorded = api().post(EVENTS, Map.of("events", events));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);

        JsonNode trial = api().get(TRIALS + "/" + id).json();
        assertThat(trial.path("status").asString()).isEqualTo("concluded");
        assertThat(trial.path("winner").asString()).isEqualTo("B");
        JsonNode b = trial.path("variants").get(1);
        assertThat(b.path("posts_observed").asInt()).isEqualTo(12);
        assertThat(b.path("probability_best").asDouble()).isGreaterThanOrEqualTo(0.95);
        assertThat(b.path("mean").asDouble()).isCloseTo(0.05, org.assertj.core.data.Offset.offset(0.002));
        assertThat(b.path("interval_95").get(0).asDouble()).isLessThan(0.05);
        assertThat(b.path("interval_95").get(1).asDouble()).isGreaterThan(0.05);
        // concluded: no more posts, no stop
        assertThat(api().post(TRIALS + "/" + id + "/assign", Map.of("content_ids", List.of("late")))
                        .errorCode())
                .isEqualTo("invalid_state_transition");
        assertThat(api().post(TRIALS + "/" + id + "/stop", Map.of()).status()).isEqualTo(409);
    }

    @Test
    void equalVariantsDoNotConclude() {
        String id = createTrial(api());
        List<String> contents = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            contents.add("same-" + i);
        }
        api().post(TRIALS + "/" + id + "/assign", Map.of("content_ids", contents));
        List<Map<String, Object>> events = new ArrayList<>();
        contents.forEach(c -> events.addAll(engagement(c, 10_000, 400)));
        api().post(EVENTS, Map.of("events", events));

        JsonNode trial = api().get(TRIALS + "/" + id).json();
        assertThat(trial.path("status").asString()).isEqualTo("running");
        assertThat(trial.path("winner").isNull()).isTrue();
        trial.path("variants")
                .forEach(v -> assertThat(v.path("probability_best").asDouble()).isBetween(0.2, 0.8));
    }

    @Test
    void aPostAlreadyInTheTrialKeepsItsVariant() {
        String id = createTrial(api());
        var first = api().post(TRIALS + "/" + id + "/assign", Map.of("content_ids", List.of("x")));
        var again = api().post(TRIALS + "/" + id + "/assign", Map.of("content_ids", List.of("x")));
        assertThat(again.json().path("assignments").get(0).path("variant").asString())
                .isEqualTo(
                        first.json().path("assignments").get(0).path("variant").asString());
        assertThat(again.json().path("assignments").get(0).path("existing").asBoolean())
                .isTrue();
        assertThat(api().get(TRIALS + "/" + id).json().path("variants").findValues("posts_assigned").stream()
                        .mapToInt(JsonNode::asInt)
                        .sum())
                .isEqualTo(1);
    }

    @Test
    void assignsAScheduleItemOfTheTrialsPlatformAndRejectsOneOfAnother() {
        String id = createTrial(api());
        JsonNode created = schedule(List.of(
                post("c1", "instagram", "reel", Duration.ofDays(2)), post("c2", "youtube", null, Duration.ofDays(2))));
        Map<String, String> byPlatform = new LinkedHashMap<>();
        created.path("items")
                .forEach(i -> byPlatform.put(
                        i.path("platform").asString(), i.path("id").asString()));
        String reel = byPlatform.get("instagram");
        String video = byPlatform.get("youtube");

        var wrong = api().post(TRIALS + "/" + id + "/assign", Map.of("item_ids", List.of(reel, video)));
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(422);
        assertThat(wrong.body()).contains("item_ids[1]");

        var ok = api().post(TRIALS + "/" + id + "/assign", Map.of("item_ids", List.of(reel)));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().path("assignments").get(0).path("item_id").asString())
                .isEqualTo(reel);
        assertThat(ok.json().path("assignments").get(0).path("weekly_slots").size())
                .isEqualTo(1);
    }

    @Test
    void aPostCountsOnceThoughItsItemAndItsContentAreBothAssignedAndOtherKindsOfPostDoNotCount() {
        String id = createTrial(api());
        String item = schedule(List.of(post("c1", "instagram", "reel", Duration.ofHours(2))))
                .path("items")
                .get(0)
                .path("id")
                .asString();
        var assigned = api().post(
                        TRIALS + "/" + id + "/assign", Map.of("item_ids", List.of(item), "content_ids", List.of("c1")));
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        List<Map<String, Object>> events = new ArrayList<>();
        for (var metric : Map.of("impressions", 1000, "likes", 50).entrySet()) {
            events.add(Map.of("item_id", item, "metric", metric.getKey(), "value", metric.getValue()));
        }
        Map<String, Object> post =
                new LinkedHashMap<>(engagement("c1", 1000, 900).getFirst());
        post.put("content_type", "post"); // the same content as an Instagram post, not a reel
        events.add(post);
        clock.advance(Duration.ofHours(3)); // the item has gone out
        var recorded = api().post("/api/v1/scheduling/kpi-events", Map.of("events", events));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);

        var trial = api().get(TRIALS + "/" + id).json();

        int observed = trial.path("variants")
                .valueStream()
                .mapToInt(v -> v.path("posts_observed").asInt())
                .sum();
        assertThat(observed).as(trial.toString()).isEqualTo(1);
    }

    @Test
    void rejectsBadTrialBodiesWithoutWritingAnything() {
        Map<String, Long> before = TableCounts.of(dataSource);
        List<Map<String, Object>> bad = new ArrayList<>();
        bad.add(with("variants", List.of(variant("A", "tue", "09:00"))));
        List<Object> seven = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            seven.add(variant("V" + i, "mon", "10:00"));
        }
        bad.add(with("variants", seven));
        bad.add(with("variants", List.of(variant("A", "tue", "09:00"), variant("A", "wed", "09:00"))));
        bad.add(with("variants", List.of(variant("A", "someday", "09:00"), variant("B", "wed", "09:00"))));
        bad.add(with("variants", List.of(variant("A", "tue", "25:00"), variant("B", "wed", "09:00"))));
        bad.add(with("metric", "vibes"));
        bad.add(with("allocation", "greedy"));
        bad.add(with("min_lift", 0));
        bad.add(with("min_posts_per_variant", 1));
        bad.add(with("platform", "myspace"));
        bad.add(with("content_type", "hologram"));
        bad.add(with("name", " "));
        bad.add(with("surprise", true));
        for (Map<String, Object> body : bad) {
            var response = api().post(TRIALS, body);
            assertThat(response.status()).as(body + " -> " + response.body()).isEqualTo(422);
            assertThat(response.errorCode()).isEqualTo("validation_error");
        }
        assertThat(TableCounts.of(dataSource)).isEqualTo(before);
    }

    private Map<String, Object> with(String field, Object value) {
        Map<String, Object> body = trialBody();
        body.put(field, value);
        return body;
    }

    @Test
    void anotherTenantsTrialIsNotFound() {
        String id = createTrial(api());
        Api other = api("trials-other-" + UUID.randomUUID());
        assertThat(other.get(TRIALS + "/" + id).status()).isEqualTo(404);
        assertThat(other.post(TRIALS + "/" + id + "/assign", Map.of("content_ids", List.of("x")))
                        .status())
                .isEqualTo(404);
        assertThat(other.post(TRIALS + "/" + id + "/stop", Map.of()).status()).isEqualTo(404);
        assertThat(api().get(TRIALS + "/not-a-uuid").status()).isEqualTo(404);
        assertThat(api().get(TRIALS + "/" + id).json().path("status").asString())
                .isEqualTo("running");
    }

    @Test
    void stopEndsTheTrialOnceAndThenRefusesAssignments() {
        String id = createTrial(api());
        var stopped = api().post(TRIALS + "/" + id + "/stop", Map.of());
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.json().path("status").asString()).isEqualTo("stopped");
        assertThat(stopped.json().path("ended_at").isNull()).isFalse();
        assertThat(api().post(TRIALS + "/" + id + "/stop", Map.of()).errorCode())
                .isEqualTo("invalid_state_transition");
        assertThat(api().post(TRIALS + "/" + id + "/assign", Map.of("content_ids", List.of("x")))
                        .status())
                .isEqualTo(409);
    }
}
