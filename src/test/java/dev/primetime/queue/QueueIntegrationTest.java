package dev.primetime.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class QueueIntegrationTest extends IntegrationTest {
    static final String QUEUES = "/api/v1/scheduling/queues";
    static final String CALENDAR = "/api/v1/scheduling/calendar";
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private Api tenant(String name) {
        return api(name + "-" + UUID.randomUUID());
    }

    static Map<String, Object> queue(String zone, String... slots) {
        List<Map<String, String>> list = new ArrayList<>();
        for (String s : slots) {
            String[] parts = s.split(" ");
            list.add(Map.of("day", parts[0], "time", parts[1]));
        }
        return Map.of("timezone", zone, "slots", list);
    }

    static Map<String, Object> placed(String contentId, String platform, String placement) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("content_id", contentId);
        item.put("platform", platform);
        item.put("placement", placement);
        return item;
    }

    static Map<String, Object> timed(String contentId, String platform, Instant at) {
        return Map.of("content_id", contentId, "platform", platform, "scheduled_time", at.toString());
    }

    static Api.Response create(Api api, String zone, List<Map<String, Object>> items) {
        return api.post(CALENDAR, Map.of("title", "Queue test", "timezone", zone, "items", items));
    }

    private static Instant berlin(int month, int day, int hour, int minute) {
        return ZonedDateTime.of(LocalDate.of(2026, month, day), LocalTime.of(hour, minute), BERLIN)
                .toInstant();
    }

    private static List<Instant> times(JsonNode items) {
        List<Instant> times = new ArrayList<>();
        for (JsonNode item : items) {
            times.add(
                    OffsetDateTime.parse(item.path("scheduled_time").asString()).toInstant());
        }
        return times;
    }

    @Test
    void aQueueIsStoredReadListedReplacedAndDeleted() {
        Api api = tenant("queue-crud");
        Api.Response put = api.put(QUEUES + "/x", queue("Europe/Berlin", "thu 10:00", "tue 09:30"));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().path("platform").asString()).isEqualTo("twitter");
        // stored sorted by day and time
        assertThat(put.json().path("slots").get(0).path("day").asString()).isEqualTo("tue");
        assertThat(put.json().path("slots").get(0).path("time").asString()).isEqualTo("09:30");
        // two slots a week: eight in the next 28 days
        assertThat(put.json().path("next_slots").size()).as(put.body()).isEqualTo(8);
        assertThat(put.json().path("content_type").asString()).isNotBlank();

        assertThat(api.get(QUEUES + "/twitter").json().path("slots").size()).isEqualTo(2);
        Api.Response replaced = api.put(QUEUES + "/twitter", queue("UTC", "mon 08:00"));
        assertThat(replaced.json().path("version").asInt()).isEqualTo(2);
        assertThat(replaced.json().path("slots").size()).isEqualTo(1);
        assertThat(api.get(QUEUES).json().path("data").size()).isEqualTo(1);

        // another tenant sees none of it
        assertThat(tenant("queue-other").get(QUEUES).json().path("data").size()).isZero();
        assertThat(tenant("queue-other").get(QUEUES + "/twitter").status()).isEqualTo(404);

        assertThat(api.delete(QUEUES + "/x").status()).isEqualTo(204);
        assertThat(api.get(QUEUES + "/twitter").status()).isEqualTo(404);
        assertThat(api.delete(QUEUES + "/twitter").status()).isEqualTo(404);
    }

    @Test
    void rejectsSlotsOffTheGridUnknownDaysAndTooManyOrNone() {
        Api api = tenant("queue-invalid");
        Api.Response bad = api.put(
                QUEUES + "/youtube",
                queue("Mars/Olympus", "tue 10:03", "fun 10:00", "wed 25:00", "thu 10:00", "thu 10:00"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().path("error_message").asString())
                .contains(
                        "timezone:",
                        "slots[0].time: must be on a 5-minute grid",
                        "slots[1].day:",
                        "slots[2].time:",
                        "slots[4]: repeats thu 10:00");
        assertThat(api.put(QUEUES + "/youtube", queue("UTC"))
                        .json()
                        .path("error_message")
                        .asString())
                .contains("slots: must hold 1 to 100 slots");
        String[] many = new String[101];
        for (int i = 0; i < many.length; i++) {
            many[i] = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun").get(i % 7) + " "
                    + String.format("%02d:%02d", i / 7, 0);
        }
        assertThat(api.put(QUEUES + "/youtube", queue("UTC", many))
                        .json()
                        .path("error_message")
                        .asString())
                .contains("slots: must hold 1 to 100 slots, got 101");
        assertThat(api.put(QUEUES + "/myspace", queue("UTC", "mon 10:00")).status())
                .isEqualTo(404);
        assertThat(api.get(QUEUES + "/youtube").status()).isEqualTo(404); // nothing stored
    }

    @Test
    void fiveQueuePlacementsTakeTheFirstFiveFutureSlotsInOrderAcrossTheOctoberChange() {
        clock.set(Instant.parse("2026-10-19T06:00:00Z")); // a Monday; Berlin leaves summer time on Sunday 25th
        Api api = tenant("queue-five");
        api.put(QUEUES + "/linkedin", queue("Europe/Berlin", "tue 10:00", "thu 10:00", "sat 10:00"));
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            items.add(placed("post-" + i, "linkedin", "queue"));
        }
        Api.Response created = create(api, "America/New_York", items);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode answered = created.json().path("items");
        // the items answer in time order; their content ids show they kept the request's order too
        for (int i = 0; i < 5; i++) {
            assertThat(answered.get(i).path("content_id").asString()).isEqualTo("post-" + i);
            assertThat(answered.get(i).path("placement").asString()).isEqualTo("queue");
            assertThat(answered.get(i).path("placement_reason").asString()).contains("linkedin queue");
        }
        assertThat(times(answered))
                .containsExactly(
                        berlin(10, 20, 10, 0), // 08:00Z, summer time
                        berlin(10, 22, 10, 0),
                        berlin(10, 24, 10, 0),
                        berlin(10, 27, 10, 0), // 09:00Z, winter time: still 10:00 on the wall
                        berlin(10, 29, 10, 0));
        assertThat(times(answered).get(3)).isEqualTo(Instant.parse("2026-10-27T09:00:00Z"));
    }

    @Test
    void anItemGivenAnExplicitTimeOnASlotMakesTheNextQueuePlacementSkipIt() {
        Api api = tenant("queue-skip");
        // START is Monday 2026-03-02 09:00Z (10:00 in Berlin)
        api.put(QUEUES + "/instagram", queue("Europe/Berlin", "tue 10:00", "wed 10:00"));
        Instant tuesday = berlin(3, 3, 10, 0);
        JsonNode explicit = create(api, "Europe/Berlin", List.of(timed("explicit", "instagram", tuesday)))
                .json();
        String id = create(api, "Europe/Berlin", List.of(timed("other", "tiktok", tuesday)))
                .json()
                .path("id")
                .asString();
        Api.Response added =
                api.post(CALENDAR + "/" + id + "/items", Map.of("items", List.of(placed("q", "instagram", "queue"))));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(times(added.json().path("data"))).containsExactly(berlin(3, 4, 10, 0));
        assertThat(added.json().path("data").get(0).path("placement_reason").asString())
                .contains("1 earlier slot taken");

        // a skipped item gives its slot back
        String itemId = explicit.path("items").get(0).path("id").asString();
        Api.Response skipped = api.patch(
                CALENDAR + "/" + explicit.path("id").asString() + "/items/" + itemId, Map.of("status", "skipped"));
        assertThat(skipped.status()).as(skipped.body()).isEqualTo(200);
        Api.Response again =
                api.post(CALENDAR + "/" + id + "/items", Map.of("items", List.of(placed("q2", "instagram", "queue"))));
        assertThat(times(again.json().path("data"))).containsExactly(tuesday);
    }

    @Test
    void placementByQueueWithoutAQueueIsRefusedNamingPlacementAndStoresNothing() {
        Api api = tenant("queue-none");
        Api.Response refused = create(
                api,
                "UTC",
                List.of(timed("a", "youtube", clock.instant().plusSeconds(86400)), placed("b", "youtube", "queue")));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("error_message").asString())
                .startsWith("items[1].placement: no posting queue for youtube");
        assertThat(api.get(CALENDAR).json().path("data").size()).isZero();

        Api.Response both = create(
                api,
                "UTC",
                List.of(Map.of(
                        "content_id",
                        "c",
                        "platform",
                        "youtube",
                        "placement",
                        "queue",
                        "scheduled_time",
                        clock.instant().plusSeconds(3600).toString())));
        assertThat(both.json().path("error_message").asString())
                .contains("items[0].placement: give either scheduled_time or placement");
        Api.Response unknown = create(api, "UTC", List.of(placed("c", "youtube", "soon")));
        assertThat(unknown.json().path("error_message").asString())
                .contains("items[0].placement: unknown placement 'soon'");
    }

    @Test
    void rejectsAPlacementWindowOfMoreThanAYear() {
        Api api = tenant("queue-far");
        assertThat(api.put("/api/v1/scheduling/queues/linkedin", queue("UTC", "tue 10:00"))
                        .status())
                .isEqualTo(200);
        for (String placement : List.of("queue", "best")) {
            Map<String, Object> item = placed("far-" + placement, "linkedin", placement);
            item.put("not_after", clock.instant().plus(Duration.ofDays(3000)).toString());
            Api.Response refused = create(api, "UTC", List.of(item));
            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(refused.json().path("error_message").asString())
                    .contains("items[0].not_after: a placement looks at most 366 days");
        }
        assertThat(api.get(CALENDAR).json().path("data").size()).isZero();
        Map<String, Object> withinAYear = placed("near", "linkedin", "queue");
        withinAYear.put("not_after", clock.instant().plus(Duration.ofDays(300)).toString());
        assertThat(create(api, "UTC", List.of(withinAYear)).status()).isEqualTo(201);
    }

    @Test
    void twentyConcurrentQueuePlacementsGetTwentyDistinctSlots() throws Exception {
        Api api = tenant("queue-concurrent");
        api.put(
                QUEUES + "/facebook",
                queue(
                        "Europe/Berlin",
                        "mon 09:00",
                        "mon 12:00",
                        "tue 09:00",
                        "tue 12:00",
                        "wed 09:00",
                        "wed 12:00",
                        "thu 09:00",
                        "thu 12:00",
                        "fri 09:00",
                        "fri 12:00"));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<CompletableFuture<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                // each in a schedule of its own: only the placement lock keeps them apart
                answers.add(CompletableFuture.supplyAsync(
                        () -> {
                            await(start);
                            return create(api, "UTC", List.of(placed("c" + n, "facebook", "queue")));
                        },
                        pool));
            }
            start.countDown();
            Set<Instant> slots = new HashSet<>();
            for (var answer : answers) {
                Api.Response r = answer.get();
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                slots.addAll(times(r.json().path("items")));
            }
            assertThat(slots).hasSize(20);
            // and they are the queue's first twenty future slots, none skipped
            List<Instant> first = QueueSlot.between(
                            List.of(
                                    new QueueSlot(DayOfWeek.MONDAY, LocalTime.of(9, 0)),
                                    new QueueSlot(DayOfWeek.MONDAY, LocalTime.of(12, 0)),
                                    new QueueSlot(DayOfWeek.TUESDAY, LocalTime.of(9, 0)),
                                    new QueueSlot(DayOfWeek.TUESDAY, LocalTime.of(12, 0)),
                                    new QueueSlot(DayOfWeek.WEDNESDAY, LocalTime.of(9, 0)),
                                    new QueueSlot(DayOfWeek.WEDNESDAY, LocalTime.of(12, 0)),
                                    new QueueSlot(DayOfWeek.THURSDAY, LocalTime.of(9, 0)),
                                    new QueueSlot(DayOfWeek.THURSDAY, LocalTime.of(12, 0)),
                                    new QueueSlot(DayOfWeek.FRIDAY, LocalTime.of(9, 0)),
                                    new QueueSlot(DayOfWeek.FRIDAY, LocalTime.of(12, 0))),
                            BERLIN,
                            clock.instant(),
                            clock.instant().plusSeconds(60L * 86400))
                    .subList(0, 20);
            assertThat(slots).containsExactlyInAnyOrderElementsOf(first);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSuggestedQueueIsTheModelsBestHoursKeepingTheGapAndStoresNothing() {
        Api api = tenant("queue-suggest");
        Api.Response suggested = api.post(
                QUEUES + "/youtube/suggest", Map.of("per_week", 5, "timezone", "Europe/Berlin", "min_gap_hours", 12));
        assertThat(suggested.status()).as(suggested.body()).isEqualTo(200);
        JsonNode body = suggested.json();
        assertThat(body.path("basis").asString()).isEqualTo("platform_defaults");
        assertThat(body.path("timezone").asString()).isEqualTo("Europe/Berlin");
        JsonNode slots = body.path("slots");
        assertThat(slots.size()).isEqualTo(5);
        List<QueueSlot> picked = new ArrayList<>();
        for (JsonNode slot : slots) {
            picked.add(new QueueSlot(
                    QueueSlot.day(slot.path("day").asString()),
                    LocalTime.parse(slot.path("time").asString())));
            assertThat(slot.path("reason").asString()).contains("of the 168 of the week");
            assertThat(slot.path("expected_engagement").asDouble()).isPositive();
        }
        assertThat(picked).isSorted();
        for (int a = 0; a < picked.size(); a++) {
            for (int b = a + 1; b < picked.size(); b++) {
                assertThat(QueueSuggestion.weeklyDistance(picked.get(a), picked.get(b)))
                        .isGreaterThanOrEqualTo(12 * 60);
            }
        }
        // the curve's best hour of the week is among them
        JsonNode curve = api.get("/api/v1/scheduling/recommendations/curve?platform=youtube&timezone=Europe/Berlin")
                .json();
        int best = curve.path("best_slot").asInt();
        assertThat(picked).contains(new QueueSlot(DayOfWeek.of(best / 24 + 1), LocalTime.of(best % 24, 0)));
        assertThat(api.get(QUEUES + "/youtube").status()).isEqualTo(404);

        // what was suggested can be saved as it is
        List<Map<String, String>> keep = new ArrayList<>();
        slots.forEach(s -> keep.add(
                Map.of("day", s.path("day").asString(), "time", s.path("time").asString())));
        assertThat(api.put(QUEUES + "/youtube", Map.of("timezone", "Europe/Berlin", "slots", keep))
                        .status())
                .isEqualTo(200);

        Api.Response bad = api.post(QUEUES + "/youtube/suggest", Map.of("per_week", 0, "min_gap_hours", -1));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().path("error_message").asString()).contains("per_week:", "min_gap_hours:");
    }

    @Test
    void theOpenApiDocumentDescribesQueuesSeriesAndTheCsvImport() {
        JsonNode paths = anonymousApi().get("/openapi.json").json().path("paths");
        assertThat(paths.has(QUEUES)).isTrue();
        assertThat(paths.path(QUEUES + "/{platform}").has("put")).isTrue();
        assertThat(paths.path(QUEUES + "/{platform}").has("delete")).isTrue();
        assertThat(paths.path(QUEUES + "/{platform}/suggest").has("post")).isTrue();
        assertThat(paths.path(CALENDAR + "/{id}/series/{seriesId}").has("patch"))
                .isTrue();
        assertThat(paths.path(CALENDAR + "/{id}/items/import")
                        .path("post")
                        .path("requestBody")
                        .path("content")
                        .has("text/csv"))
                .isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
