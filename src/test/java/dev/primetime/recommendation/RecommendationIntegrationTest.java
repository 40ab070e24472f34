package dev.primetime.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class RecommendationIntegrationTest extends IntegrationTest {
    private static final String RECOMMENDATIONS = "/api/v1/scheduling/recommendations";

    private static String emptySchedule(Api api, String title) {
        Api.Response created = api.post("/api/v1/scheduling/calendar", Map.of("title", title, "timezone", "UTC"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private static List<JsonNode> slots(Api.Response response) {
        List<JsonNode> slots = new ArrayList<>();
        response.json().path("recommendations").forEach(slots::add);
        return slots;
    }

    /** The slots' times per platform, after checking each lies in [from, to) and its platform's are gap apart. */
    private static Map<String, List<Instant>> timesByPlatform(
            List<JsonNode> slots, Instant from, Instant to, Duration gap) {
        Map<String, List<Instant>> byPlatform = new java.util.HashMap<>();
        for (JsonNode slot : slots) {
            Instant at =
                    OffsetDateTime.parse(slot.path("scheduled_time").asString()).toInstant();
            assertThat(at).isAfterOrEqualTo(from).isBefore(to);
            for (Instant other :
                    byPlatform.computeIfAbsent(slot.path("platform").asString(), p -> new ArrayList<>())) {
                assertThat(Duration.between(other, at).abs()).isGreaterThanOrEqualTo(gap);
            }
            byPlatform.get(slot.path("platform").asString()).add(at);
        }
        return byPlatform;
    }

    @Test
    void theSeedsExampleWorksWithoutAToken() {
        var response = anonymousApi().get(RECOMMENDATIONS + "?platforms=youtube&target_count=5");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("basis").asString()).isEqualTo("platform_defaults");
        List<JsonNode> slots = slots(response);
        assertThat(slots).hasSize(5);
        List<Instant> times = slots.stream()
                .map(s -> OffsetDateTime.parse(s.path("scheduled_time").asString())
                        .toInstant())
                .toList();
        assertThat(times).allSatisfy(t -> assertThat(t).isAfter(clock.instant()));
        assertThat(slots)
                .extracting(s -> s.path("score").asDouble())
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        for (int i = 0; i < times.size(); i++) {
            for (int j = i + 1; j < times.size(); j++) {
                assertThat(Duration.between(times.get(i), times.get(j)).abs())
                        .isGreaterThanOrEqualTo(Duration.ofHours(24));
            }
        }
        assertThat(slots).allSatisfy(s -> {
            assertThat(s.path("platform").asString()).isEqualTo("youtube");
            assertThat(s.path("content_type").asString()).isEqualTo("long_form");
            assertThat(s.path("confidence").asDouble()).isBetween(0.0, 1.0);
            assertThat(s.path("reason").asString()).isNotBlank();
            assertThat(s.path("id").isNull()).isTrue();
        });
    }

    @Test
    void slotsOfOnePlatformKeepTheRequestedGapAndComeBestFirst() {
        var response = anonymousApi()
                .get(RECOMMENDATIONS + "?target_count=40&min_gap_hours=5&start=2026-03-03T00:30:00Z"
                        + "&end=2026-03-17T00:00:00Z&timezone=Asia/Tokyo");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> slots = slots(response);
        assertThat(slots).hasSize(40);
        assertThat(slots)
                .extracting(s -> s.path("score").asDouble())
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(slots.getFirst().path("score").asDouble()).isEqualTo(1.0);
        Map<String, List<Instant>> byPlatform = timesByPlatform(
                slots,
                Instant.parse("2026-03-03T01:00:00Z"),
                Instant.parse("2026-03-17T00:00:00Z"),
                Duration.ofHours(5));
        assertThat(byPlatform).hasSizeGreaterThan(1);
    }

    @Test
    void recommendationsFollowTheAudiencesLocalTimeAcrossADaylightSavingChange() {
        // US clocks go forward on Sunday 8 March 2026; YouTube's peak is weekdays 15:00-17:00 local.
        var response = anonymousApi()
                .get(RECOMMENDATIONS + "?platforms=youtube&target_count=6&timezone=America/New_York"
                        + "&start=2026-03-05T00:00:00-05:00&end=2026-03-13T00:00:00-04:00");
        List<JsonNode> slots = slots(response);
        assertThat(slots).hasSize(6);
        ZoneId newYork = ZoneId.of("America/New_York");
        assertThat(slots).allSatisfy(s -> {
            OffsetDateTime at = OffsetDateTime.parse(s.path("scheduled_time").asString());
            assertThat(at.getOffset()).isEqualTo(newYork.getRules().getOffset(at.toInstant()));
            assertThat(at.atZoneSameInstant(newYork).getHour()).isBetween(15, 16);
            assertThat(at.getDayOfWeek().getValue()).isLessThanOrEqualTo(5);
        });
        assertThat(slots)
                .extracting(s -> OffsetDateTime.parse(s.path("scheduled_time").asString())
                                .getOffset()
                                .getTotalSeconds()
                        / 3600)
                .contains(-5, -4);
    }

    @Test
    void recommendationsInAHalfHourZoneFallOnTheAudiencesFullHours() {
        // India is UTC+05:30: its 15:00 is 09:30 UTC, so hours counted in UTC would land at half past, local.
        var response = anonymousApi()
                .get(RECOMMENDATIONS + "?platforms=youtube&target_count=5&timezone=Asia/Kolkata"
                        + "&start=2026-03-02T00:00:00Z&end=2026-03-09T00:00:00Z");

        List<JsonNode> slots = slots(response);
        assertThat(slots).as(response.body()).hasSize(5);
        assertThat(slots).allSatisfy(s -> {
            OffsetDateTime at = OffsetDateTime.parse(s.path("scheduled_time").asString());
            assertThat(at.getOffset().getTotalSeconds()).isEqualTo(5 * 3600 + 1800);
            assertThat(at.getMinute()).isZero();
            assertThat(at.getHour()).isBetween(15, 16);
        });
    }

    @Test
    void aTenantsHistoryChangesItsRecommendations() {
        String tenant = "reco-" + UUID.randomUUID();
        Api api = api(tenant);
        // This audience shines on Saturday and Sunday at 21:00 UTC, far from TikTok's default Wed 15:00 / Sun 20:00.
        List<Map<String, Object>> events = new ArrayList<>();
        Instant monday = Instant.parse("2026-02-02T00:00:00Z");
        for (int week = 0; week < 4; week++) {
            for (int day = 0; day < 7; day++) {
                for (int hour : new int[] {9, 15, 21}) {
                    Instant published =
                            monday.plus(Duration.ofDays(7L * week + day)).plus(Duration.ofHours(hour));
                    boolean peak = day >= 5 && hour == 21;
                    events.add(Map.of(
                            "content_id",
                            "p-" + week + "-" + day + "-" + hour,
                            "platform",
                            "tiktok",
                            "published_at",
                            published.toString(),
                            "metric",
                            "likes",
                            "value",
                            peak ? 900 : 60,
                            "timezone",
                            "UTC"));
                }
            }
        }
        assertThat(api.post("/api/v1/scheduling/kpi-events", Map.of("events", events))
                        .status())
                .isEqualTo(201);

        var response = api.get(RECOMMENDATIONS + "?platforms=tiktok&target_count=2&timezone=UTC");

        assertThat(response.json().path("basis").asString()).isEqualTo("tenant_history");
        List<JsonNode> slots = slots(response);
        assertThat(slots).allSatisfy(s -> {
            OffsetDateTime at = OffsetDateTime.parse(s.path("scheduled_time").asString());
            assertThat(at.getDayOfWeek().getValue()).isGreaterThanOrEqualTo(6);
            assertThat(at.getHour()).isBetween(20, 22);
            assertThat(s.path("reason").asString()).contains("posts of yours");
            assertThat(s.path("id").asString()).isNotBlank();
        });
        // an anonymous caller still gets the platform defaults
        assertThat(anonymousApi()
                        .get(RECOMMENDATIONS + "?platforms=tiktok")
                        .json()
                        .path("basis")
                        .asString())
                .isEqualTo("platform_defaults");
    }

    @Test
    void withATokenButNoHistoryTheAnswerIsThePlatformDefault() {
        String query = RECOMMENDATIONS + "?platforms=instagram,linkedin&target_count=6&timezone=Europe/London";
        var mine = slots(api("reco-empty-" + UUID.randomUUID()).get(query));
        var anonymous = slots(anonymousApi().get(query));
        assertThat(mine)
                .extracting(s -> s.path("scheduled_time").asString())
                .containsExactlyElementsOf(anonymous.stream()
                        .map(s -> s.path("scheduled_time").asString())
                        .toList());
    }

    @Test
    void anAcceptedSlotBecomesAScheduleItemOnce() {
        Api api = api("reco-accept-" + UUID.randomUUID());
        String scheduleId = emptySchedule(api, "From recommendations");
        JsonNode slot = slots(api.get(RECOMMENDATIONS + "?platforms=facebook&target_count=1"))
                .getFirst();

        var accepted = api.post(
                RECOMMENDATIONS + "/" + slot.path("id").asString() + "/accept",
                Map.of("schedule_id", scheduleId, "content_id", "video-7"));

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        String itemId = accepted.json().path("item_id").asString();
        var item = api.get("/api/v1/scheduling/calendar/" + scheduleId + "/items/" + itemId)
                .json();
        assertThat(item.path("platform").asString()).isEqualTo("facebook");
        assertThat(OffsetDateTime.parse(item.path("scheduled_time").asString()).toInstant())
                .isEqualTo(OffsetDateTime.parse(slot.path("scheduled_time").asString())
                        .toInstant());
        var again = api.post(
                RECOMMENDATIONS + "/" + slot.path("id").asString() + "/accept",
                Map.of("schedule_id", scheduleId, "content_id", "video-7"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(api("reco-intruder")
                        .post(
                                RECOMMENDATIONS + "/" + slot.path("id").asString() + "/accept",
                                Map.of("schedule_id", scheduleId, "content_id", "x"))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void acceptErrorsSpeakOfTheRecommendationAndTheRequestsFields() {
        String tenant = "reco-accept-late-" + UUID.randomUUID();
        Api api = api(tenant);
        String scheduleId = emptySchedule(api, "Late");
        JsonNode slot = slots(api.get(RECOMMENDATIONS + "?platforms=facebook&target_count=1"))
                .getFirst();
        String accept = RECOMMENDATIONS + "/" + slot.path("id").asString() + "/accept";

        var longId = api.post(accept, Map.of("schedule_id", scheduleId, "content_id", "x".repeat(201)));
        clock.advance(Duration.ofDays(8)); // the slot's time has passed
        var late = api(tenant).post(accept, Map.of("schedule_id", scheduleId, "content_id", "video-8"));

        assertThat(longId.status()).as(longId.body()).isEqualTo(422);
        assertThat(longId.json().path("error_message").asString()).startsWith("content_id:");
        assertThat(late.status()).as(late.body()).isEqualTo(409);
        assertThat(late.json().path("error_message").asString()).contains("has passed");
    }

    @Autowired
    DataSource dataSource;

    @Autowired
    RecommendedSlotRetention retention;

    @Test
    void recommendationsWhoseTimeHasPassedAreDeletedUnlessAccepted() {
        String tenant = "reco-retention-" + UUID.randomUUID();
        Api api = api(tenant);
        String scheduleId = emptySchedule(api, "Kept");
        List<JsonNode> slots = slots(api.get(RECOMMENDATIONS + "?platforms=facebook&target_count=3"));
        var accepted = api.post(
                RECOMMENDATIONS + "/" + slots.getFirst().path("id").asString() + "/accept",
                Map.of("schedule_id", scheduleId, "content_id", "kept"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        retention.sweep();
        assertThat(storedSlots(tenant)).as("nothing has passed yet").isEqualTo(3);

        clock.advance(Duration.ofDays(8)); // every slot's time has passed
        String later = "reco-retention-later-" + UUID.randomUUID();
        assertThat(slots(api(later).get(RECOMMENDATIONS + "?platforms=facebook&target_count=2")))
                .hasSize(2);

        assertThat(retention.sweep()).isGreaterThanOrEqualTo(2);
        assertThat(storedSlots(tenant)).as("the accepted one stays").isEqualTo(1);
        assertThat(storedSlots(later)).as("slots still to come stay").isEqualTo(2);
    }

    private long storedSlots(String tenant) {
        return JdbcClient.create(dataSource) // as the owner, outside row level security
                .sql("SELECT count(*) FROM recommended_schedule_slots WHERE tenant_id = ?")
                .param(tenant)
                .query(Long.class)
                .single();
    }

    @ParameterizedTest(name = "exploration={0}")
    @ValueSource(strings = {"thompson", "bounds"})
    void exploringATenantsHistoryKeepsEachPlatformsGapAndTheWindow(String exploration) {
        // with history, explore=true ranks by posterior draws (a fresh one after each slot a platform gets), or
        // takes each platform's challengers and defenders in turn
        Api api = tenantWithTwitterAndLinkedInHistory();
        Instant start = Instant.parse("2026-03-03T00:00:00Z");
        Instant end = Instant.parse("2026-03-10T00:00:00Z");

        var response = api.get(RECOMMENDATIONS + "?platforms=twitter,linkedin&target_count=12&min_gap_hours=10"
                + "&explore=true&exploration=" + exploration + "&timezone=UTC&start=" + start + "&end=" + end);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("basis").asString()).isEqualTo("tenant_history");
        List<JsonNode> slots = slots(response);
        assertThat(slots).hasSize(12);
        assertThat(slots)
                .allSatisfy(slot -> assertThat(slot.path("id").asString()).isNotBlank());
        assertThat(timesByPlatform(slots, start, end, Duration.ofHours(10))).containsOnlyKeys("twitter", "linkedin");
    }

    /** A new tenant with 20 posts on each of Twitter and LinkedIn, 7 hours apart through February 2026. */
    private Api tenantWithTwitterAndLinkedInHistory() {
        Api api = api("reco-explore-" + UUID.randomUUID());
        List<Map<String, Object>> events = new ArrayList<>();
        Instant monday = Instant.parse("2026-02-02T00:00:00Z");
        for (int k = 0; k < 40; k++) {
            events.add(Map.of(
                    "content_id",
                    "e-" + k,
                    "platform",
                    k % 2 == 0 ? "twitter" : "linkedin",
                    "published_at",
                    monday.plus(Duration.ofHours(7L * k + 8)).toString(),
                    "metric",
                    "likes",
                    "value",
                    50 + (k * 37) % 200,
                    "timezone",
                    "UTC"));
        }
        assertThat(api.post("/api/v1/scheduling/kpi-events", Map.of("events", events))
                        .status())
                .isEqualTo(201);
        return api;
    }

    @Test
    void exploringByBoundsTriesAnHourOutsideTheAnswerThenOneOfTheAnswersOwn() {
        Api api = tenantWithTwitterAndLinkedInHistory();
        String window = "?platforms=twitter&target_count=3&min_gap_hours=10&timezone=UTC"
                + "&start=2026-03-03T00:00:00Z&end=2026-03-10T00:00:00Z";
        var answer = api.get(RECOMMENDATIONS + window);
        Set<String> answerTimes = slots(answer).stream()
                .map(slot -> slot.path("scheduled_time").asString())
                .collect(Collectors.toSet());

        var explored = api.get(RECOMMENDATIONS + window + "&explore=true&exploration=bounds");
        var again = api.get(RECOMMENDATIONS + window + "&explore=true&exploration=bounds");

        assertThat(explored.status()).as(explored.body()).isEqualTo(200);
        List<String> times = slots(explored).stream()
                .map(slot -> slot.path("scheduled_time").asString())
                .toList();
        assertThat(times).hasSize(3);
        assertThat(answerTimes).hasSize(3).doesNotContain(times.get(0)).contains(times.get(1));
        // nothing is drawn: the same history gives the same hours
        assertThat(slots(again).stream().map(slot -> slot.path("scheduled_time").asString()))
                .containsExactlyElementsOf(times);
    }

    @Test
    void exploringStillAnswersValidSlots() {
        var response = api("reco-explore").get(RECOMMENDATIONS + "?platforms=twitter&target_count=3&explore=true");
        assertThat(response.status()).isEqualTo(200);
        assertThat(slots(response)).hasSize(3);
    }

    @Test
    void theDocumentedTemplateWithEmptyParametersAnswersTheDefaults() {
        var response = anonymousApi()
                .get(RECOMMENDATIONS
                        + "?platforms=youtube,tiktok&target_count=5&content_type=&timezone=&start=&end="
                        + "&min_gap_hours=&explore=");

        var defaults = anonymousApi().get(RECOMMENDATIONS + "?platforms=youtube,tiktok&target_count=5");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(slots(response)).hasSize(5);
        assertThat(slots(response)).isEqualTo(slots(defaults));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "platforms=myspace|platforms",
                "platforms=tiktok&content_type=reel|content_type",
                "timezone=Mars/Base|timezone",
                "start=2026-03-10T00:00:00Z&end=2026-03-09T00:00:00Z|end",
                "target_count=0|target_count",
                "target_count=201|target_count",
                "target_count=five|target_count",
                "start=tomorrow|start",
                "min_gap_hours=-1|min_gap_hours",
                "explore=maybe|explore",
                "explore=true&exploration=greedy|exploration",
                "explore=maybe&exploration=bounds|explore",
                "exploration=bounds|exploration",
                "start=%2B300000-01-01T00:00:00Z|start",
                "start=1969-12-31T00:00:00Z&end=2026-03-09T00:00:00Z|start"
            })
    void badInputIs422NamingTheParameter(String query, String field) {
        var response = anonymousApi().get(RECOMMENDATIONS + "?" + query);
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.errorCode()).isEqualTo("validation_error");
        assertThat(response.json().path("error_message").asString()).startsWith(field + ":");
    }
}
