package dev.primetime.optimization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import dev.primetime.support.TableCounts;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What /optimize claims, through HTTP: a plan for a feasible schedule whatever its current times, a 422
 * validation_error only with a proof, and no_feasible_plan_found (not a proof) when the search found nothing.
 */
class OptimizerClaimsIntegrationTest extends IntegrationTest {
    private static final String CALENDAR = "/api/v1/scheduling/calendar";
    private static final String OPTIMIZE = "/api/v1/scheduling/optimize";
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Map<String, Integer> GAP = Map.of("youtube", 240, "tiktok", 120, "instagram", 180);
    private static final Map<String, Integer> PER_DAY = Map.of("youtube", 1, "tiktok", 3, "instagram", 2);
    private static final Map<String, Integer> PER_WEEK = Map.of("youtube", 7, "tiktok", 21, "instagram", 14);
    private static final int STAGGER = 60;

    @Autowired
    DataSource dataSource;

    private final String tenant = "claims-" + UUID.randomUUID();

    private Api api() {
        return api(tenant);
    }

    /**
     * The fortnight of issue 19: 12 YouTube long-form videos, 24 TikToks and 20 Instagram reels in Berlin, every one
     * stacked on the first day at the same time, one pinned; gaps 240/120/180 minutes, 1/3/2 a day, 7/21/14 a week,
     * nothing from 23:00 to 07:00, the same content an hour apart across platforms. Feasible by hand with room to
     * spare; it once answered a 422 claiming the constraints could not all hold.
     */
    @Test
    void theBerlinFortnightStackedOnItsFirstDayGetsAPlanThatKeepsEveryRule() {
        LocalDate firstDay = LocalDate.ofInstant(clock.instant(), BERLIN).plusDays(1);
        String stacked =
                firstDay.atTime(10, 0).atZone(BERLIN).toOffsetDateTime().toString();
        List<Map<String, Object>> items = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            items.add(item("episode-" + k, "youtube", "long_form", stacked, false));
        }
        for (int k = 0; k < 24; k++) { // half of them cut from the episodes
            items.add(item(k < 12 ? "episode-" + k : "tiktok-" + k, "tiktok", "video", stacked, false));
        }
        for (int k = 0; k < 20; k++) {
            items.add(item(k < 12 ? "episode-" + k : "reel-" + k, "instagram", "reel", stacked, false));
        }
        // one YouTube video pinned on the third day at 18:00
        items.set(
                0,
                item(
                        "episode-0",
                        "youtube",
                        "long_form",
                        firstDay.plusDays(2)
                                .atTime(18, 0)
                                .atZone(BERLIN)
                                .toOffsetDateTime()
                                .toString(),
                        true));
        String id = create(items);
        String pinnedTime = items(id).stream()
                .filter(i -> i.path("pinned").asBoolean())
                .findFirst()
                .orElseThrow()
                .path("scheduled_time")
                .asString();

        Api.Response response = api().post(OPTIMIZE, request(id, 3000));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("upper_bound").asDouble())
                .isGreaterThanOrEqualTo(body.path("objective").path("after").asDouble());
        List<JsonNode> after = items(id);
        assertThat(after).hasSize(56);
        assertThat(brokenRules(after)).isEmpty();
        assertThat(after.stream()
                        .filter(i -> i.path("pinned").asBoolean())
                        .findFirst()
                        .orElseThrow()
                        .path("scheduled_time")
                        .asString())
                .isEqualTo(pinnedTime);
        // nothing is left stacked: the first day holds at most its caps
        assertThat(after.stream()
                        .filter(i -> i.path("scheduled_time").asString().startsWith(firstDay.toString()))
                        .count())
                .isLessThanOrEqualTo(1 + 3 + 2);
    }

    @Test
    void anImpossibilityOnlyCountingCanShowIsA422WithTheCertificate() {
        // five TikToks whose windows all lie in one evening, at most three a day
        LocalDate day = LocalDate.ofInstant(clock.instant(), BERLIN).plusDays(2);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            Map<String, Object> item = item("evening-" + k, "tiktok", "video", null, false);
            item.put("earliest_time", local(day.atTime(17, 0)));
            item.put("latest_time", local(day.atTime(22, 0)));
            items.add(item);
        }
        String id = create(items);
        Map<String, Long> tablesBefore = TableCounts.of(dataSource);

        Api.Response response = api().post(OPTIMIZE, request(id, 2000));

        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.errorCode()).isEqualTo("validation_error");
        String message = response.json().path("error_message").asString();
        assertThat(message)
                .startsWith("constraints: cannot all hold; ")
                .contains("for tiktok: 5 movable items (")
                .contains("max_per_day")
                .contains("room for 3 posts at most")
                .contains(day.toString());
        for (JsonNode item : items(id)) {
            assertThat(message).contains(item.path("id").asString());
        }
        assertThat(TableCounts.of(dataSource)).isEqualTo(tablesBefore);
    }

    @Test
    void aSearchThatFindsNoPlanSaysSoWithoutClaimingAProofAndMovesNothing() {
        // the same content on YouTube and TikTok, each allowed only 19:00 on one day, an hour's stagger between
        // them: no plan exists, but counting (one platform at a time) cannot see it, so nothing proves it
        LocalDate day = LocalDate.ofInstant(clock.instant(), BERLIN).plusDays(2);
        List<Map<String, Object>> items = new ArrayList<>();
        for (String platform : List.of("youtube", "tiktok")) {
            Map<String, Object> item =
                    item("launch", platform, platform.equals("youtube") ? "long_form" : "video", null, false);
            item.put("earliest_time", local(day.atTime(19, 0)));
            item.put("latest_time", local(day.atTime(19, 0)));
            items.add(item);
        }
        String id = create(items);
        List<JsonNode> itemsBefore = items(id);

        Api.Response response = api().post(OPTIMIZE, request(id, 500));

        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.errorCode()).isEqualTo("no_feasible_plan_found");
        assertThat(response.json().path("error_class").asString()).isEqualTo("NoFeasiblePlanFound");
        assertThat(response.json().path("error_message").asString())
                .doesNotContain("cannot all hold")
                .contains("not a proof")
                .contains("Same content staggered across platforms")
                .contains("Raise time_limit_ms");
        // the run is logged (started, completed with its outcome), but no item moved and the schedule is back
        assertThat(items(id)).isEqualTo(itemsBefore);
        assertThat(api().get(CALENDAR + "/" + id).json().path("status").asString())
                .isEqualTo("pending");
    }

    @Test
    void anAsyncRunThatFindsNoPlanFailsWithTheSameDistinctError() throws Exception {
        LocalDate day = LocalDate.ofInstant(clock.instant(), BERLIN).plusDays(2);
        List<Map<String, Object>> items = new ArrayList<>();
        for (String platform : List.of("youtube", "tiktok")) {
            Map<String, Object> item =
                    item("launch", platform, platform.equals("youtube") ? "long_form" : "video", null, false);
            item.put("earliest_time", local(day.atTime(19, 0)));
            item.put("latest_time", local(day.atTime(19, 0)));
            items.add(item);
        }
        String id = create(items);
        Map<String, Object> body = request(id, 500);
        body.put("async", true);

        Api.Response accepted = api().post(OPTIMIZE, body);

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String runId = accepted.json().path("run_id").asString();
        JsonNode run = accepted.json();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (run.path("status").asString().equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            run = api().get(OPTIMIZE + "/" + runId).json();
        }
        assertThat(run.path("status").asString()).isEqualTo("failed");
        assertThat(run.path("error").path("error_code").asString()).isEqualTo("no_feasible_plan_found");
        assertThat(run.path("result").isNull()).isTrue();
    }

    @Test
    void theOpenApiDocumentTellsTheTwoRefusalsApart() {
        JsonNode spec = anonymousApi().get("/openapi.json").json();
        String description = spec.path("paths")
                .path(OPTIMIZE)
                .path("post")
                .path("responses")
                .path("422")
                .path("description")
                .asString();

        assertThat(description)
                .contains("validation_error")
                .contains("no_feasible_plan_found")
                .contains("proof");
    }

    /** Every hard rule, checked from the times the API returns, in Berlin's local days and Monday weeks. */
    private static List<String> brokenRules(List<JsonNode> items) {
        List<String> broken = new ArrayList<>();
        Map<String, List<OffsetDateTime>> byPlatform = new HashMap<>();
        Map<String, Map<String, OffsetDateTime>> byContent = new HashMap<>();
        for (JsonNode item : items) {
            OffsetDateTime at = OffsetDateTime.parse(item.path("scheduled_time").asString());
            String platform = item.path("platform").asString();
            byPlatform.computeIfAbsent(platform, k -> new ArrayList<>()).add(at);
            byContent
                    .computeIfAbsent(item.path("content_id").asString(), k -> new HashMap<>())
                    .put(platform, at);
            LocalTime local = at.atZoneSameInstant(BERLIN).toLocalTime();
            if (!local.isBefore(LocalTime.of(23, 0)) || local.isBefore(LocalTime.of(7, 0))) {
                broken.add(item.path("id").asString() + " at " + at + " in the night blackout");
            }
        }
        byPlatform.forEach((platform, times) -> {
            times.sort(null);
            for (int i = 1; i < times.size(); i++) {
                long minutes = Duration.between(times.get(i - 1), times.get(i)).toMinutes();
                if (minutes < GAP.get(platform)) {
                    broken.add(platform + " posts " + minutes + " minutes apart");
                }
            }
            Map<LocalDate, Integer> days = new HashMap<>();
            Map<LocalDate, Integer> weeks = new HashMap<>();
            for (OffsetDateTime t : times) {
                LocalDate d = t.atZoneSameInstant(BERLIN).toLocalDate();
                days.merge(d, 1, Integer::sum);
                weeks.merge(d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), 1, Integer::sum);
            }
            days.forEach((d, n) -> {
                if (n > PER_DAY.get(platform)) {
                    broken.add(platform + ": " + n + " posts on " + d);
                }
            });
            weeks.forEach((w, n) -> {
                if (n > PER_WEEK.get(platform)) {
                    broken.add(platform + ": " + n + " posts in the week of " + w);
                }
            });
        });
        byContent.forEach((content, times) -> {
            List<OffsetDateTime> list = new ArrayList<>(times.values());
            for (int i = 0; i < list.size(); i++) {
                for (int j = i + 1; j < list.size(); j++) {
                    if (Math.abs(Duration.between(list.get(i), list.get(j)).toMinutes()) < STAGGER) {
                        broken.add(content + " closer than the stagger across platforms");
                    }
                }
            }
        });
        return broken;
    }

    private Map<String, Object> request(String scheduleId, long timeLimitMs) {
        Map<String, Object> constraints = new LinkedHashMap<>();
        constraints.put("min_gap_minutes", GAP);
        constraints.put("max_per_day", PER_DAY);
        constraints.put("max_per_week", PER_WEEK);
        constraints.put(
                "blackouts",
                List.of(Map.of(
                        "days", List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
                        "from", "23:00",
                        "to", "07:00")));
        constraints.put("stagger_same_content_minutes", STAGGER);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schedule_id", scheduleId);
        body.put("time_limit_ms", timeLimitMs);
        body.put("constraints", constraints);
        return body;
    }

    private static Map<String, Object> item(
            String content, String platform, String type, String scheduledTime, boolean pinned) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("content_id", content);
        item.put("platform", platform);
        item.put("content_type", type);
        if (scheduledTime != null) {
            item.put("scheduled_time", scheduledTime);
        }
        if (pinned) {
            item.put("pinned", true);
        }
        return item;
    }

    private static String local(LocalDateTime time) {
        return time.atZone(BERLIN).toOffsetDateTime().toString();
    }

    private String create(List<Map<String, Object>> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "Berlin fortnight");
        body.put("timezone", BERLIN.getId());
        body.put("items", items);
        Api.Response response = api().post(CALENDAR, body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("id").asString();
    }

    private List<JsonNode> items(String scheduleId) {
        return api().get(CALENDAR + "/" + scheduleId)
                .json()
                .path("items")
                .valueStream()
                .toList();
    }
}
