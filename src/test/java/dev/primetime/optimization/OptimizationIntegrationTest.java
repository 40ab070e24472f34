package dev.primetime.optimization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import dev.primetime.support.ServiceInstance;
import dev.primetime.support.TableCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class OptimizationIntegrationTest extends IntegrationTest {
    private static final String CALENDAR = "/api/v1/scheduling/calendar";
    private static final String OPTIMIZE = "/api/v1/scheduling/optimize";
    private static final List<String> PLATFORMS =
            List.of("youtube", "tiktok", "instagram", "linkedin", "twitter", "facebook");
    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private static final int MIN_GAP = 120;
    private static final int MAX_PER_DAY = 5;
    private static final int MAX_PER_WEEK = 25;
    private static final int STAGGER = 60;

    @Autowired
    DataSource dataSource;

    private final String tenant = "optimize-" + UUID.randomUUID();

    private Api api() {
        return api(tenant);
    }

    private Instant hour(int hoursFromNow) {
        return clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(hoursFromNow));
    }

    /** 200 items over 6 platforms; every content goes out on two platforms; some timed, some windowed, 4 pinned. */
    private String bigSchedule() {
        return bigSchedule(api());
    }

    private String bigSchedule(Api api) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("content_id", "content-" + (k / 2));
            item.put("platform", PLATFORMS.get(k % 6));
            item.put("priority", (k * 37) % 101);
            if (k % 50 == 7) {
                // pinned at 10:00 local on distinct days, far apart
                item.put(
                        "scheduled_time",
                        ZonedDateTime.ofInstant(hour(24 * (k / 50 + 1)), ZONE)
                                .withHour(10)
                                .toInstant()
                                .toString());
                item.put("pinned", true);
            } else if (k % 4 == 1) {
                item.put("scheduled_time", hour(2 + k).toString());
            } else if (k % 4 == 2) {
                item.put("earliest_time", hour(24 * (k % 10)).toString());
                item.put("latest_time", hour(24 * (k % 10) + 72).toString());
            }
            items.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "Launch fortnight");
        body.put("timezone", ZONE.getId());
        body.put("items", items);
        Api.Response response = api.post(CALENDAR, body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("id").asString();
    }

    private Map<String, Object> request(String scheduleId, long timeLimitMs) {
        Map<String, Object> perPlatformGap = new LinkedHashMap<>();
        Map<String, Object> perDay = new LinkedHashMap<>();
        Map<String, Object> perWeek = new LinkedHashMap<>();
        for (String p : PLATFORMS) {
            perPlatformGap.put(p, MIN_GAP);
            perDay.put(p, MAX_PER_DAY);
            perWeek.put(p, MAX_PER_WEEK);
        }
        Map<String, Object> constraints = new LinkedHashMap<>();
        constraints.put("min_gap_minutes", perPlatformGap);
        constraints.put("max_per_day", perDay);
        constraints.put("max_per_week", perWeek);
        constraints.put(
                "blackouts",
                List.of(Map.of(
                        "days", List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
                        "from", "23:00",
                        "to", "06:00")));
        constraints.put("stagger_same_content_minutes", STAGGER);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schedule_id", scheduleId);
        body.put("time_limit_ms", timeLimitMs);
        body.put("constraints", constraints);
        return body;
    }

    private List<JsonNode> items(String scheduleId) {
        return api().get(CALENDAR + "/" + scheduleId)
                .json()
                .path("items")
                .valueStream()
                .toList();
    }

    @Test
    void optimizesTwoHundredItemsOnSixPlatformsWithoutBreakingAnyConstraint() {
        String id = bigSchedule();
        Map<String, String> pinnedBefore = new HashMap<>();
        items(id).stream()
                .filter(i -> i.path("pinned").asBoolean())
                .forEach(i -> pinnedBefore.put(
                        i.path("id").asString(), i.path("scheduled_time").asString()));

        Api.Response response = api().post(OPTIMIZE, request(id, 3000));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        double before = body.path("objective").path("before").asDouble();
        double after = body.path("objective").path("after").asDouble();
        double upper = body.path("upper_bound").asDouble();
        assertThat(after).isGreaterThanOrEqualTo(before);
        assertThat(upper).isGreaterThanOrEqualTo(after);
        assertThat(body.path("gap_pct").asDouble()).isBetween(0.0, 100.0);
        assertThat(body.path("moves").size()).isGreaterThan(0);

        List<JsonNode> stored = items(id);
        assertThat(stored).hasSize(200);
        List<String> problems = violations(stored);
        assertThat(problems).isEmpty();
        stored.stream()
                .filter(i -> i.path("pinned").asBoolean())
                .forEach(i -> assertThat(Instant.parse(
                                i.path("scheduled_time").asString().replaceAll("-0[45]:00$", "Z")))
                        .isNotNull());
        for (JsonNode item : stored) {
            if (pinnedBefore.containsKey(item.path("id").asString())) {
                assertThat(item.path("scheduled_time").asString())
                        .isEqualTo(pinnedBefore.get(item.path("id").asString()));
            }
        }
        assertThat(api().get(CALENDAR + "/" + id).json().path("status").asString())
                .isEqualTo("pending");
        assertThat(eventTypes(id)).contains("optimization.started", "optimization.completed");
    }

    /** The stored schedule checked against every constraint, independently of the optimizer's own code. */
    private static List<String> violations(List<JsonNode> items) {
        List<String> problems = new ArrayList<>();
        record Placed(String id, String content, String platform, Instant at, boolean pinned) {}
        List<Placed> placed = new ArrayList<>();
        for (JsonNode item : items) {
            String time = item.path("scheduled_time").asString(null);
            if (time == null) {
                problems.add(item.path("id").asString() + " has no time");
                continue;
            }
            Instant at = java.time.OffsetDateTime.parse(time).toInstant();
            placed.add(new Placed(
                    item.path("id").asString(),
                    item.path("content_id").asString(),
                    item.path("platform").asString(),
                    at,
                    item.path("pinned").asBoolean()));
            String earliest = item.path("earliest_time").asString(null);
            String latest = item.path("latest_time").asString(null);
            if (earliest != null
                    && at.isBefore(java.time.OffsetDateTime.parse(earliest).toInstant())) {
                problems.add(item.path("id").asString() + " before its earliest_time");
            }
            if (latest != null
                    && at.isAfter(java.time.OffsetDateTime.parse(latest).toInstant())) {
                problems.add(item.path("id").asString() + " after its latest_time");
            }
            int localHour = at.atZone(ZONE).getHour();
            if (!item.path("pinned").asBoolean() && (localHour >= 23 || localHour < 6)) {
                problems.add(item.path("id").asString() + " in the night blackout");
            }
        }
        Map<String, Integer> perDay = new HashMap<>();
        Map<String, Integer> perWeek = new HashMap<>();
        for (int a = 0; a < placed.size(); a++) {
            Placed x = placed.get(a);
            LocalDate day = x.at().atZone(ZONE).toLocalDate();
            perDay.merge(x.platform() + day, 1, Integer::sum);
            perWeek.merge(
                    x.platform() + day.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)),
                    1,
                    Integer::sum);
            for (int b = a + 1; b < placed.size(); b++) {
                Placed y = placed.get(b);
                long minutes = Math.abs(Duration.between(x.at(), y.at()).toMinutes());
                if (x.pinned() && y.pinned()) {
                    continue;
                }
                if (x.platform().equals(y.platform()) && minutes < MIN_GAP) {
                    problems.add(x.id() + " and " + y.id() + " closer than the minimum gap");
                }
                if (x.content().equals(y.content()) && !x.platform().equals(y.platform()) && minutes < STAGGER) {
                    problems.add(x.id() + " and " + y.id() + " (same content) closer than the stagger");
                }
            }
        }
        perDay.forEach((k, n) -> {
            if (n > MAX_PER_DAY) {
                problems.add(k + " has " + n + " posts in a day");
            }
        });
        perWeek.forEach((k, n) -> {
            if (n > MAX_PER_WEEK) {
                problems.add(k + " has " + n + " posts in a week");
            }
        });
        return problems;
    }

    private List<String> eventTypes(String scheduleId) {
        return JdbcClient.create(dataSource)
                .sql("SELECT event_type FROM schedule_events WHERE schedule_id = ? ORDER BY id")
                .param(UUID.fromString(scheduleId))
                .query(String.class)
                .list();
    }

    @Autowired
    RunSupervisor supervisor;

    /** What a run leaves when its instance is killed mid-solve: the schedule optimizing since {@code since}. */
    private UUID leftOptimizing(Instant since) {
        return leftOptimizing(since, false);
    }

    /** The same, for a schedule that was started (its items scheduled) before the run when {@code started}. */
    private UUID leftOptimizing(Instant since, boolean started) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            items.add(Map.of(
                    "content_id",
                    "c" + k,
                    "platform",
                    "youtube",
                    "scheduled_time",
                    hour(30 + 24 * k).toString()));
        }
        UUID id = UUID.fromString(create(items));
        if (started) {
            Api.Response start = api().post(CALENDAR + "/" + id + "/start", Map.of());
            assertThat(start.status()).as(start.toString()).isEqualTo(200);
        }
        JdbcClient.create(dataSource) // as the owner, outside row level security: what the dead run wrote
                .sql("UPDATE content_calendar SET status = 'optimizing', status_before_optimizing = ?,"
                        + " updated_at = ? WHERE id = ?")
                .params(started ? "running" : "pending", java.sql.Timestamp.from(since), id)
                .update();
        return id;
    }

    /** A run row as an instance writes it: begun at {@code began}, last kept fresh at {@code freshAt}. */
    private void runningRun(UUID runId, UUID scheduleId, Instant began, Instant freshAt) {
        JdbcClient.create(dataSource)
                .sql(
                        "INSERT INTO optimization_runs (id, tenant_id, schedule_id, status, time_limit_ms, objective_before,"
                                + " started_at, updated_at) VALUES (?, ?, ?, 'running', 2000, 0, ?, ?)")
                .params(runId, tenant, scheduleId, java.sql.Timestamp.from(began), java.sql.Timestamp.from(freshAt))
                .update();
    }

    @Test
    void aScheduleLeftOptimizingByAStoppedInstanceIsPutBackAndCanBeOptimizedAgain() {
        Instant began = clock.instant();
        UUID abandoned = leftOptimizing(began);
        UUID runId = UUID.randomUUID();
        runningRun(runId, abandoned, began, began);
        clock.advance(RunSupervisor.ABANDONED_AFTER.plusMinutes(1));
        UUID recent = leftOptimizing(clock.instant().minus(Duration.ofMinutes(1))); // its run may still be going

        assertThat(supervisor.recoverAbandonedRuns()).isGreaterThanOrEqualTo(1);

        assertThat(api().get(CALENDAR + "/" + abandoned).json().path("status").asString())
                .isEqualTo("pending");
        assertThat(api().get(CALENDAR + "/" + recent).json().path("status").asString())
                .isEqualTo("optimizing");
        var run = api().get(OPTIMIZE + "/" + runId).json();
        assertThat(run.path("status").asString()).isEqualTo("failed");
        assertThat(run.path("error").path("error_code").asString()).isEqualTo("service_unavailable");
        assertThat(eventTypes(abandoned.toString())).last().isEqualTo("optimization.completed");
        Api.Response again = api().post(OPTIMIZE, Map.of("schedule_id", abandoned.toString(), "time_limit_ms", 500));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
    }

    @Test
    void aCancelThatCameDuringARunOfAStoppedInstanceIsFinished() {
        Instant began = clock.instant();
        UUID abandoned = leftOptimizing(began);
        UUID runId = UUID.randomUUID();
        runningRun(runId, abandoned, began, began);
        // the run would finish this cancel when it ends; its instance has stopped, so it never will
        Api.Response cancel = api().post(CALENDAR + "/" + abandoned + "/cancel", Map.of());
        assertThat(cancel.json().path("status").asString())
                .as(cancel.toString())
                .isEqualTo("canceling");
        clock.advance(RunSupervisor.ABANDONED_AFTER.plusMinutes(1));

        assertThat(supervisor.recoverAbandonedRuns()).isGreaterThanOrEqualTo(1);

        var schedule = api().get(CALENDAR + "/" + abandoned).json();
        assertThat(schedule.path("status").asString()).isEqualTo("canceled");
        assertThat(schedule.path("items")
                        .valueStream()
                        .map(i -> i.path("status").asString()))
                .hasSize(3)
                .containsOnly("skipped");
        assertThat(eventTypes(abandoned.toString())).last().isEqualTo("optimization.completed");
        assertThat(JdbcClient.create(dataSource)
                        .sql("SELECT payload::jsonb ->> 'outcome' FROM schedule_events WHERE schedule_id = ?"
                                + " AND event_type = 'optimization.completed'")
                        .param(abandoned)
                        .query(String.class)
                        .single())
                .isEqualTo("canceled");
        // the run ends as a live run ends when its schedule is canceled during it, not as a failure
        var run = api().get(OPTIMIZE + "/" + runId).json();
        assertThat(run.path("status").asString()).isEqualTo("canceled");
        assertThat(run.path("error").path("error_code").asString()).isEqualTo("conflict");
    }

    @Test
    void aRunThatADeleteCanceledEndsCanceledWhenTheSweepFindsItsInstanceStopped() {
        Instant began = clock.instant();
        UUID abandoned = leftOptimizing(began);
        UUID runId = UUID.randomUUID();
        runningRun(runId, abandoned, began, began);
        Api.Response delete = api().delete(OPTIMIZE + "/" + runId);
        assertThat(delete.status()).as(delete.toString()).isIn(200, 202);
        clock.advance(RunSupervisor.ABANDONED_AFTER.plusMinutes(1));

        supervisor.recoverAbandonedRuns();

        var run = api().get(OPTIMIZE + "/" + runId).json();
        assertThat(run.path("status").asString()).isEqualTo("canceled");
        assertThat(api().get(CALENDAR + "/" + abandoned).json().path("status").asString())
                .isEqualTo("pending");
    }

    @Test
    void aScheduleCannotStartWhileItOptimizes() {
        UUID optimizing = leftOptimizing(clock.instant());

        Api.Response start = api().post(CALENDAR + "/" + optimizing + "/start", Map.of());

        assertThat(start.status()).as(start.toString()).isEqualTo(409);
        assertThat(start.errorCode()).isEqualTo("invalid_state_transition");
        var schedule = api().get(CALENDAR + "/" + optimizing).json();
        assertThat(schedule.path("status").asString()).isEqualTo("optimizing");
        assertThat(schedule.path("items")
                        .valueStream()
                        .map(i -> i.path("status").asString()))
                .containsOnly("pending");
    }

    @Test
    void aRunningScheduleWhoseItemsAllEndedDuringARunCompletesWhenTheRunEnds() {
        Instant began = clock.instant();
        UUID schedule = leftOptimizing(began, true);
        runningRun(UUID.randomUUID(), schedule, began, began);
        // settling waits while the schedule optimizes: publishing every item leaves it optimizing
        api().get(CALENDAR + "/" + schedule).json().path("items").valueStream().forEach(item -> {
            Api.Response published = api().patch(
                            CALENDAR + "/" + schedule + "/items/"
                                    + item.path("id").asString(),
                            Map.of("status", "published"));
            assertThat(published.status()).as(published.toString()).isEqualTo(200);
        });
        assertThat(api().get(CALENDAR + "/" + schedule).json().path("status").asString())
                .isEqualTo("optimizing");
        clock.advance(RunSupervisor.ABANDONED_AFTER.plusMinutes(1));

        supervisor.recoverAbandonedRuns();

        assertThat(api().get(CALENDAR + "/" + schedule).json().path("status").asString())
                .isEqualTo("completed");
        assertThat(eventTypes(schedule.toString())).endsWith("optimization.completed", "schedule.status_changed");
    }

    @Test
    void aRunThatItsInstanceKeepsFreshIsNotTakenAsAbandoned() {
        Instant began = clock.instant();
        UUID queued = leftOptimizing(began);
        clock.advance(RunSupervisor.ABANDONED_AFTER.plusMinutes(1));
        runningRun(UUID.randomUUID(), queued, began, clock.instant().minusSeconds(30)); // its instance is alive

        supervisor.recoverAbandonedRuns();

        assertThat(api().get(CALENDAR + "/" + queued).json().path("status").asString())
                .isEqualTo("optimizing");
    }

    @Test
    void aCancelDuringARunThatItsInstanceKeepsFreshIsLeftForTheRunToFinish() {
        Instant began = clock.instant();
        UUID running = leftOptimizing(began);
        Api.Response cancel = api().post(CALENDAR + "/" + running + "/cancel", Map.of());
        assertThat(cancel.json().path("status").asString())
                .as(cancel.toString())
                .isEqualTo("canceling");
        clock.advance(RunSupervisor.ABANDONED_AFTER.plusMinutes(1));
        runningRun(UUID.randomUUID(), running, began, clock.instant().minusSeconds(30)); // its instance is alive

        supervisor.recoverAbandonedRuns();

        var schedule = api().get(CALENDAR + "/" + running).json();
        assertThat(schedule.path("status").asString()).isEqualTo("canceling");
        assertThat(schedule.path("items")
                        .valueStream()
                        .map(i -> i.path("status").asString()))
                .hasSize(3)
                .doesNotContain("skipped");
        assertThat(eventTypes(running.toString())).doesNotContain("optimization.completed");
    }

    @Test
    void rejectsConstraintsThatCannotAllHoldAndChangesNothing() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            items.add(Map.of("content_id", "c" + k, "platform", "youtube"));
        }
        String id = create(items);
        Map<String, Long> tablesBefore = TableCounts.of(dataSource);
        String scheduleBefore = api().get(CALENDAR + "/" + id).body();

        Api.Response response = api().post(
                        OPTIMIZE,
                        Map.of(
                                "schedule_id",
                                id,
                                "horizon",
                                Map.of(
                                        "start",
                                        hour(1).toString(),
                                        "end",
                                        hour(1 + 24 * 6).toString()),
                                "constraints",
                                Map.of("max_per_week", Map.of("youtube", 2))));

        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().path("error_message").asString()).contains("max_per_week", "youtube");
        assertThat(TableCounts.of(dataSource)).isEqualTo(tablesBefore);
        assertThat(api().get(CALENDAR + "/" + id).body()).isEqualTo(scheduleBefore);
    }

    @Test
    void noSlotBeforeAnItemsEarliestTimeNorBeforeTheRunCanWriteIt() {
        // earliest_time 30 s after a quarter hour: that quarter hour is too early, the next is after latest_time
        Map<String, Object> late = new LinkedHashMap<>();
        late.put("content_id", "half-a-minute-late");
        late.put("platform", "tiktok");
        late.put("earliest_time", hour(24).plusSeconds(30).toString());
        late.put("latest_time", hour(24).plusSeconds(14 * 60).toString());
        String lateId = create(List.of(late));
        // a window around the next quarter hour, which comes before a 60 s run could write the move
        Instant quarter = Instant.ofEpochSecond(Math.floorDiv(clock.instant().getEpochSecond(), 900) * 900 + 900);
        clock.set(quarter.minusSeconds(30));
        Map<String, Object> soon = new LinkedHashMap<>();
        soon.put("content_id", "due-before-the-run-ends");
        soon.put("platform", "tiktok");
        soon.put("earliest_time", clock.instant().toString());
        soon.put("latest_time", quarter.plusSeconds(60).toString());
        String soonId = create(List.of(soon));

        for (var run : Map.of(lateId, 2000, soonId, 60_000).entrySet()) {
            Api.Response response = api().post(
                            OPTIMIZE,
                            Map.of(
                                    "schedule_id",
                                    run.getKey(),
                                    "granularity_minutes",
                                    15,
                                    "time_limit_ms",
                                    run.getValue(),
                                    "async",
                                    false));

            assertThat(response.status()).as(response.toString()).isEqualTo(422);
        }
    }

    @Test
    void publishedPostsOverADailyCapDoNotBlockARunWhichKeepsNewPostsOffThatDay() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int k = 0; k < 3; k++) { // three tweets on one day, over a cap of two, then published
            items.add(Map.of(
                    "content_id",
                    "sent-" + k,
                    "platform",
                    "twitter",
                    "scheduled_time",
                    hour(26 + k).toString()));
        }
        items.add(Map.of("content_id", "new", "platform", "twitter"));
        String id = create(items);
        assertThat(api().post(CALENDAR + "/" + id + "/start", Map.of()).status())
                .isEqualTo(200);
        String busyDay = null;
        for (JsonNode item : items(id)) {
            if (item.path("content_id").asString().startsWith("sent-")) {
                Api.Response published = api().patch(
                                CALENDAR + "/" + id + "/items/"
                                        + item.path("id").asString(),
                                Map.of("status", "published"));
                assertThat(published.status()).as(published.toString()).isEqualTo(200);
                busyDay = OffsetDateTime.parse(item.path("scheduled_time").asString())
                        .toLocalDate()
                        .toString();
            }
        }

        Api.Response response = api().post(
                        OPTIMIZE,
                        Map.of("schedule_id", id, "constraints", Map.of("max_per_day", Map.of("twitter", 2))));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode placed = items(id).stream()
                .filter(i -> i.path("content_id").asString().equals("new"))
                .findFirst()
                .orElseThrow();
        assertThat(OffsetDateTime.parse(placed.path("scheduled_time").asString())
                        .toLocalDate()
                        .toString())
                .isNotEqualTo(busyDay);
    }

    @Test
    void fixedItemsThatLeaveAnItemNoSlotByGapOrStaggerAreNamed() {
        Instant at = hour(30);
        for (String pinnedPlatform : List.of("youtube", "tiktok")) { // the gap on its platform; the stagger across
            Map<String, Object> pinned = new LinkedHashMap<>();
            pinned.put("content_id", "launch");
            pinned.put("platform", pinnedPlatform);
            pinned.put("scheduled_time", at.toString());
            pinned.put("pinned", true);
            Map<String, Object> movable = new LinkedHashMap<>();
            movable.put("content_id", "launch");
            movable.put("platform", "youtube");
            movable.put("earliest_time", at.minusSeconds(30 * 60).toString());
            movable.put("latest_time", at.plusSeconds(30 * 60).toString());
            String id = create(List.of(pinned, movable));
            String pinnedId = items(id).stream()
                    .filter(i -> i.path("pinned").asBoolean())
                    .findFirst()
                    .orElseThrow()
                    .path("id")
                    .asString();

            Api.Response response = api().post(
                            OPTIMIZE,
                            Map.of(
                                    "schedule_id",
                                    id,
                                    "granularity_minutes",
                                    15,
                                    "constraints",
                                    Map.of(
                                            "min_gap_minutes",
                                            Map.of("youtube", 120),
                                            "stagger_same_content_minutes",
                                            60)));

            assertThat(response.status()).as(pinnedPlatform + ": " + response).isEqualTo(422);
            assertThat(response.json().path("error_message").asString())
                    .contains("leave no slot")
                    .contains(pinnedId);
        }
    }

    @Test
    void rejectsAnItemWhoseWindowIsAllBlackedOut() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("content_id", "night-owl");
        item.put("platform", "tiktok");
        item.put("earliest_time", hour(24).toString());
        item.put("latest_time", hour(26).toString());
        String id = create(List.of(item));

        Api.Response response = api().post(
                        OPTIMIZE,
                        Map.of(
                                "schedule_id",
                                id,
                                "constraints",
                                Map.of(
                                        "blackouts",
                                        List.of(Map.of("start", hour(20).toString(), "end", hour(30).toString())))));

        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().path("error_message").asString()).contains("blackouts");
    }

    @Test
    void placesItemsOnTheSchedulesFullHoursInAHalfHourTimeZone() {
        // India is UTC+05:30: an hourly grid counted in UTC would put every item at half past, local.
        ZoneId india = ZoneId.of("Asia/Kolkata");
        String id = create(
                List.of(
                        Map.of("content_id", "a", "platform", "linkedin"),
                        Map.of("content_id", "b", "platform", "youtube"),
                        Map.of("content_id", "c", "platform", "instagram")),
                india);

        Api.Response response = api().post(OPTIMIZE, Map.of("schedule_id", id, "time_limit_ms", 500));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<JsonNode> placed = items(id);
        assertThat(placed).hasSize(3).allSatisfy(item -> {
            assertThat(item.path("scheduled_time").isNull()).isFalse();
            ZonedDateTime local =
                    OffsetDateTime.parse(item.path("scheduled_time").asString()).atZoneSameInstant(india);
            assertThat(local.getMinute()).as(local.toString()).isZero();
        });
    }

    @Test
    void neverMovesPinnedOrPublishedItems() {
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(Map.of(
                "content_id", "pinned", "platform", "linkedin", "scheduled_time", hour(3).toString(), "pinned", true));
        items.add(Map.of("content_id", "soon-published", "platform", "twitter", "scheduled_time", hour(5).toString()));
        items.add(Map.of("content_id", "free", "platform", "instagram", "scheduled_time", hour(7).toString()));
        String id = create(items);
        List<JsonNode> stored = items(id);
        String published = stored.get(1).path("id").asString();
        assertThat(api().patch(CALENDAR + "/" + id + "/items/" + published, Map.of("status", "scheduled"))
                        .status())
                .isEqualTo(200);
        assertThat(api().patch(CALENDAR + "/" + id + "/items/" + published, Map.of("status", "published"))
                        .status())
                .isEqualTo(200);
        Map<String, String> timesBefore = new HashMap<>();
        items(id)
                .forEach(i -> timesBefore.put(
                        i.path("id").asString(), i.path("scheduled_time").asString()));

        Api.Response response = api().post(OPTIMIZE, Map.of("schedule_id", id, "time_limit_ms", 500));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        for (JsonNode item : items(id)) {
            if (!item.path("content_id").asString().equals("free")) {
                assertThat(item.path("scheduled_time").asString())
                        .isEqualTo(timesBefore.get(item.path("id").asString()));
            }
        }
        assertThat(response.json()
                        .path("moves")
                        .valueStream()
                        .map(m -> m.path("item_id").asString()))
                .doesNotContain(stored.get(0).path("id").asString(), published);
    }

    @Test
    void refusesASecondRunWhileOneIsInProgress() throws Exception {
        String id = bigSchedule();
        CompletableFuture<Api.Response> first =
                CompletableFuture.supplyAsync(() -> api().post(OPTIMIZE, request(id, 4000)));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!api().get(CALENDAR + "/" + id).json().path("status").asString().equals("optimizing")
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        Api.Response second = api().post(OPTIMIZE, request(id, 500));

        assertThat(second.status()).as(second.toString()).isEqualTo(409);
        assertThat(first.get().status()).isEqualTo(200);
    }

    @Test
    void aCancelArrivingDuringARunIsHonoredAndMovesNothing() throws Exception {
        String id = bigSchedule();
        Map<String, String> before = new HashMap<>();
        items(id)
                .forEach(i -> before.put(
                        i.path("id").asString(), i.path("scheduled_time").asString()));
        CompletableFuture<Api.Response> run =
                CompletableFuture.supplyAsync(() -> api().post(OPTIMIZE, request(id, 4000)));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!api().get(CALENDAR + "/" + id).json().path("status").asString().equals("optimizing")
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        Api.Response cancel = api().post(CALENDAR + "/" + id + "/cancel", Map.of());
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);

        Api.Response result = run.get();
        assertThat(result.status()).as(result.body()).isEqualTo(409);
        assertThat(result.body()).contains("canceled");
        assertThat(api().get(CALENDAR + "/" + id).json().path("status").asString())
                .isEqualTo("canceled");
        Map<String, String> after = new HashMap<>();
        items(id)
                .forEach(i -> after.put(
                        i.path("id").asString(), i.path("scheduled_time").asString()));
        assertThat(after).isEqualTo(before);
    }

    @Test
    void logsImprovingProgressEventsDuringARun() {
        String id = bigSchedule();

        Api.Response response = api().post(OPTIMIZE, request(id, 2000));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<JsonNode> events = events(id);
        List<String> types = events.stream().map(e -> e.path("type").asString()).toList();
        assertThat(types).contains("optimization.progress");
        // started, then progress, then completed
        assertThat(types.indexOf("optimization.started")).isLessThan(types.indexOf("optimization.progress"));
        assertThat(types.lastIndexOf("optimization.progress")).isLessThan(types.indexOf("optimization.completed"));
        List<JsonNode> progress = events.stream()
                .filter(e -> e.path("type").asString().equals("optimization.progress"))
                .map(e -> e.path("payload"))
                .toList();
        // each reports a new best: the objective never falls, solver time moves on, and they are throttled
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i).path("objective").asDouble())
                    .isGreaterThanOrEqualTo(
                            progress.get(i - 1).path("objective").asDouble());
            assertThat(progress.get(i).path("millis_spent").asLong())
                    .isGreaterThanOrEqualTo(
                            progress.get(i - 1).path("millis_spent").asLong() + 250);
        }
        assertThat(progress.getLast().path("objective").asDouble())
                .isLessThanOrEqualTo(
                        response.json().path("objective").path("after").asDouble());
        assertThat(progress)
                .allSatisfy(p -> assertThat(p.path("score").asString()).endsWith("soft"));
    }

    @Test
    void anAsyncRunAnswers202AndCompletesInTheBackground() throws Exception {
        String id = bigSchedule();
        Map<String, Object> body = request(id, 1500);
        body.put("async", true);

        Api.Response accepted = api().post(OPTIMIZE, body);

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String runId = accepted.json().path("run_id").asString();
        assertThat(accepted.header("Location")).isEqualTo(OPTIMIZE + "/" + runId);
        assertThat(accepted.json().path("status").asString()).isEqualTo("running");
        assertThat(accepted.json().path("schedule_id").asString()).isEqualTo(id);
        assertThat(accepted.json().path("started_at").asString()).isNotEmpty();
        assertThat(api().get(CALENDAR + "/" + id).json().path("status").asString())
                .isEqualTo("optimizing");
        Api.Response second = api().post(OPTIMIZE, body);
        assertThat(second.status()).as(second.toString()).isEqualTo(409);
        assertThat(second.errorCode()).isEqualTo("conflict");

        JsonNode run = awaitEnd(runId);

        assertThat(run.path("status").asString()).isEqualTo("completed");
        assertThat(run.path("finished_at").asString()).isNotEmpty();
        JsonNode result = run.path("result");
        assertThat(result.path("status").asString()).isEqualTo("completed");
        assertThat(result.path("upper_bound").asDouble())
                .isGreaterThanOrEqualTo(result.path("objective").path("after").asDouble());
        assertThat(run.path("best_objective").asDouble())
                .isLessThanOrEqualTo(result.path("objective").path("after").asDouble());
        assertThat(violations(items(id))).isEmpty();
        assertThat(api().get(CALENDAR + "/" + id).json().path("status").asString())
                .isEqualTo("pending");
        assertThat(eventTypes(id)).contains("optimization.started", "optimization.completed");
        Api.Response late = api().delete(OPTIMIZE + "/" + runId);
        assertThat(late.status()).as(late.toString()).isEqualTo(409);
        assertThat(late.errorCode()).isEqualTo("invalid_state_transition");
    }

    @Test
    void aPinnedItemMovedDuringARunMakesTheRunWriteNothing() throws Exception {
        String id = bigSchedule();
        Map<String, String> before = times(id);
        JsonNode pinned = firstPinned(id);
        String runId = startAsync(id, 2000);

        // the run keeps the pinned item where it read it; moving it may break the moves' spacing around it
        String later = OffsetDateTime.parse(pinned.path("scheduled_time").asString())
                .plusHours(3)
                .toString();
        Api.Response moved = api().patch(
                        CALENDAR + "/" + id + "/items/" + pinned.path("id").asString(),
                        Map.of("scheduled_time", later));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        JsonNode run = awaitEnd(runId);

        assertThat(run.path("status").asString()).isEqualTo("failed");
        assertThat(run.path("error").path("error_code").asString()).isEqualTo("conflict");
        Map<String, String> after = times(id);
        before.remove(pinned.path("id").asString());
        after.remove(pinned.path("id").asString());
        assertThat(after).isEqualTo(before);
    }

    @Test
    void stoppingAnInstanceLeavesNoRunRunningAndNoScheduleOptimizing() {
        String tenant = "optimization-stop-" + UUID.randomUUID();
        List<String> schedules = new ArrayList<>();
        List<String> runIds = new ArrayList<>();
        try (ServiceInstance instance = ServiceInstance.start(clock, Map.of("primetime.optimization.runners", "1"))) {
            Api api = instance.api(tenant, clock);
            for (int s = 0; s < 3; s++) { // one solving, two waiting for the single runner
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("title", "Stopped " + s);
                body.put("timezone", ZONE.getId());
                body.put(
                        "items",
                        List.of(
                                Map.of("content_id", "a", "platform", "youtube"),
                                Map.of("content_id", "b", "platform", "tiktok")));
                Api.Response created = api.post(CALENDAR, body);
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
                String id = created.json().path("id").asString();
                schedules.add(id);
                Api.Response accepted =
                        api.post(OPTIMIZE, Map.of("schedule_id", id, "time_limit_ms", 60_000, "async", true));
                assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
                runIds.add(accepted.json().path("run_id").asString());
            }
        } // a graceful stop

        JdbcClient owner = JdbcClient.create(dataSource);
        for (String runId : runIds) {
            assertThat(owner.sql("SELECT status FROM optimization_runs WHERE id = ?::uuid")
                            .param(runId)
                            .query(String.class)
                            .single())
                    .as("run " + runId + " ended: failed if the stop caught it, completed if it was done first")
                    .isIn("failed", "completed");
        }
        for (String id : schedules) {
            assertThat(owner.sql("SELECT status FROM content_calendar WHERE id = ?::uuid")
                            .param(id)
                            .query(String.class)
                            .single())
                    .as("schedule " + id)
                    .isEqualTo("pending");
        }
    }

    @Test
    void aChangeDuringARunThatMovesNoPostLeavesTheRunToWrite() throws Exception {
        String id = bigSchedule();
        JsonNode pinned = firstPinned(id);
        String runId = startAsync(id, 2000);

        Api.Response reprioritized =
                api().patch(CALENDAR + "/" + id + "/items/" + pinned.path("id").asString(), Map.of("priority", 99));
        assertThat(reprioritized.status()).as(reprioritized.toString()).isEqualTo(200);
        JsonNode run = awaitEnd(runId);

        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("completed");
    }

    @Test
    void aRunWhoseFirstSlotsPassedBeforeItEndedWritesNothing() throws Exception {
        List<String> schedules = List.of(bigSchedule(), bigSchedule(), bigSchedule());
        Map<String, Map<String, String>> before = new HashMap<>();
        List<String> runIds = new ArrayList<>();
        for (String id : schedules) { // two runners: the third run waits, as a queued run does
            before.put(id, times(id));
            runIds.add(startAsync(id, 3000));
        }

        clock.advance(Duration.ofDays(1)); // while they solve, their first day of slots passes
        List<JsonNode> runs = new ArrayList<>();
        for (String runId : runIds) {
            runs.add(awaitEnd(runId));
        }

        for (int r = 0; r < runs.size(); r++) {
            assertThat(runs.get(r).path("status").asString())
                    .as(runs.get(r).toString())
                    .isEqualTo("failed");
            assertThat(runs.get(r).path("error").path("error_message").asString())
                    .contains("slots had passed");
            assertThat(times(schedules.get(r))).isEqualTo(before.get(schedules.get(r)));
        }
    }

    @Test
    void cancelingWithoutApplyPartialLeavesTheScheduleAsItWas() {
        String id = bigSchedule();
        Map<String, String> before = times(id);
        String scheduleBefore =
                api().get(CALENDAR + "/" + id).json().path("status").asString();

        Api.Response accepted = api().header("Prefer", "respond-async").post(OPTIMIZE, request(id, 30_000));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.header("Preference-Applied")).isEqualTo("respond-async");
        String runId = accepted.json().path("run_id").asString();

        Api.Response canceled = api().delete(OPTIMIZE + "/" + runId + "?apply_partial=false");

        assertThat(canceled.status()).as(canceled.toString()).isEqualTo(200);
        assertThat(canceled.json().path("status").asString()).isEqualTo("canceled");
        assertThat(canceled.json().path("apply_partial").asBoolean()).isFalse();
        assertThat(canceled.json().path("result").isNull()).isTrue();
        assertThat(times(id)).isEqualTo(before);
        assertThat(api().get(CALENDAR + "/" + id).json().path("status").asString())
                .isEqualTo(scheduleBefore);
        assertThat(api().get(OPTIMIZE + "/" + runId).json().path("status").asString())
                .isEqualTo("canceled");
        // canceling again is harmless; the schedule can be optimized again at once
        assertThat(api().delete(OPTIMIZE + "/" + runId).status()).isEqualTo(200);
        assertThat(api().post(OPTIMIZE, request(id, 200)).status()).isEqualTo(200);
    }

    @Test
    void cancelingWithApplyPartialWritesTheBestFeasibleScheduleSoFar() throws Exception {
        String id = bigSchedule();
        Map<String, String> before = times(id);
        Api.Response accepted = api().post(OPTIMIZE, request(id, 60_000)); // beyond the 30 s patience: 202
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String runId = accepted.json().path("run_id").asString();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (api().get(OPTIMIZE + "/" + runId).json().path("best_objective").isNull()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        Api.Response canceled = api().delete(OPTIMIZE + "/" + runId + "?apply_partial=true");

        assertThat(canceled.status()).as(canceled.toString()).isEqualTo(200);
        JsonNode run = canceled.json();
        assertThat(run.path("status").asString()).isEqualTo("canceled");
        assertThat(run.path("apply_partial").asBoolean()).isTrue();
        assertThat(run.path("result").path("status").asString()).isEqualTo("partial");
        assertThat(run.path("result").path("moves").size()).isGreaterThan(0);
        List<JsonNode> stored = items(id);
        assertThat(violations(stored)).isEmpty();
        assertThat(times(id)).isNotEqualTo(before);
        assertThat(api().get(CALENDAR + "/" + id).json().path("status").asString())
                .isEqualTo("pending");
    }

    @Test
    void aNoisyTenantsQueuedRunsDoNotHoldUpAnotherTenantsShortRun() throws Exception {
        // the noisy tenant fills its places: one run solving, three waiting (8 s each)
        List<String> noisyRuns = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            noisyRuns.add(startAsync(bigSchedule(), 8_000));
        }
        String fifth = bigSchedule();
        Map<String, Object> body = request(fifth, 8_000);
        body.put("async", true);
        Api.Response refused = api().post(OPTIMIZE, body);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 8L);
        Api.Response synchronous = api().post(OPTIMIZE, request(fifth, 1_000));
        assertThat(synchronous.status())
                .as("a synchronous run needs a solving place too")
                .isEqualTo(429);
        assertThat(api().get(CALENDAR + "/" + fifth).json().path("status").asString())
                .as("refused before anything was written")
                .isEqualTo("pending");

        // another tenant's 1-s run starts at once on the runner the noisy tenant may not take
        Api quiet = api("quiet-" + UUID.randomUUID());
        String quietSchedule = bigSchedule(quiet);
        Map<String, Object> quietBody = request(quietSchedule, 1_000);
        quietBody.put("async", true);
        long sent = System.nanoTime();
        Api.Response accepted = quiet.post(OPTIMIZE, quietBody);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        JsonNode quietRun = awaitEnd(quiet, accepted.json().path("run_id").asString());
        long tookMs = (System.nanoTime() - sent) / 1_000_000;
        org.slf4j.LoggerFactory.getLogger(OptimizationIntegrationTest.class)
                .info("the quiet tenant's 1-s run, sent behind the noisy tenant's four, took {} ms", tookMs);

        assertThat(quietRun.path("status").asString()).isEqualTo("completed");
        // behind one of the noisy tenant's 8-s runs it would have taken 9 s at least
        assertThat(tookMs).as("the quiet tenant's run took %d ms", tookMs).isLessThan(6_000);
        for (String runId : noisyRuns) {
            assertThat(api().delete(OPTIMIZE + "/" + runId)
                            .json()
                            .path("status")
                            .asString())
                    .isEqualTo("canceled");
        }
    }

    @Test
    void anotherTenantsRunIsNotFound() {
        String id = bigSchedule();
        Map<String, Object> body = request(id, 30_000);
        body.put("async", true);
        Api.Response accepted = api().post(OPTIMIZE, body);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String runId = accepted.json().path("run_id").asString();
        Api stranger = api("stranger-" + UUID.randomUUID());

        Api.Response get = stranger.get(OPTIMIZE + "/" + runId);
        Api.Response delete = stranger.delete(OPTIMIZE + "/" + runId + "?apply_partial=true");

        assertThat(get.status()).isEqualTo(404);
        assertThat(delete.status()).isEqualTo(404);
        assertThat(get.json().path("error_code").asString()).isEqualTo("not_found");
        assertThat(get.json().path("error_class").asString()).isEqualTo("NotFound");
        assertThat(get.json().path("error_message").asString()).contains("optimization run");
        assertThat(api().get(OPTIMIZE + "/not-a-run").status()).isEqualTo(404);
        assertThat(api().get(OPTIMIZE + "/" + runId).json().path("status").asString())
                .isEqualTo("running");
        assertThat(api().delete(OPTIMIZE + "/" + runId).json().path("status").asString())
                .isEqualTo("canceled");
    }

    /** An asynchronous run of the schedule with {@link #request}'s constraints; its id. */
    private String startAsync(String scheduleId, long timeLimitMs) {
        Map<String, Object> body = request(scheduleId, timeLimitMs);
        body.put("async", true);
        Api.Response accepted = api().post(OPTIMIZE, body);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().path("run_id").asString();
    }

    private JsonNode firstPinned(String scheduleId) {
        return items(scheduleId).stream()
                .filter(i -> i.path("pinned").asBoolean())
                .findFirst()
                .orElseThrow();
    }

    private JsonNode awaitEnd(String runId) throws InterruptedException {
        return awaitEnd(api(), runId);
    }

    private JsonNode awaitEnd(Api api, String runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode run = api.get(OPTIMIZE + "/" + runId).json();
        while (run.path("status").asString().equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            run = api.get(OPTIMIZE + "/" + runId).json();
        }
        return run;
    }

    private Map<String, String> times(String scheduleId) {
        Map<String, String> times = new HashMap<>();
        items(scheduleId)
                .forEach(i -> times.put(
                        i.path("id").asString(), i.path("scheduled_time").asString()));
        return times;
    }

    private List<JsonNode> events(String scheduleId) {
        tools.jackson.databind.json.JsonMapper mapper =
                tools.jackson.databind.json.JsonMapper.builder().build();
        return JdbcClient.create(dataSource)
                .sql("SELECT event_type, payload::text FROM schedule_events WHERE schedule_id = ? ORDER BY id")
                .param(UUID.fromString(scheduleId))
                .query((rs, n) -> {
                    tools.jackson.databind.node.ObjectNode e = mapper.createObjectNode();
                    e.put("type", rs.getString(1));
                    e.set("payload", mapper.readTree(rs.getString(2)));
                    return (JsonNode) e;
                })
                .list();
    }

    @Test
    void rejectsBadRequestsWithTheFieldsNamed() {
        Api.Response response = api().post(
                        OPTIMIZE,
                        Map.of(
                                "schedule_id",
                                "not-a-uuid",
                                "granularity_minutes",
                                45,
                                "time_limit_ms",
                                70000,
                                "constraints",
                                Map.of("max_per_day", Map.of("myspace", 3))));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("error_message").asString())
                .contains("schedule_id", "granularity_minutes", "time_limit_ms", "max_per_day.myspace");
        assertThat(api().post(OPTIMIZE, Map.of("schedule_id", UUID.randomUUID().toString()))
                        .status())
                .isEqualTo(404);
    }

    private String create(List<Map<String, Object>> items) {
        return create(items, ZONE);
    }

    private String create(List<Map<String, Object>> items, ZoneId zone) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "Small");
        body.put("timezone", zone.getId());
        body.put("items", items);
        Api.Response response = api().post(CALENDAR, body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("id").asString();
    }
}
