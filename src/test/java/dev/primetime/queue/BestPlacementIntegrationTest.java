package dev.primetime.queue;

import static dev.primetime.queue.QueueIntegrationTest.CALENDAR;
import static dev.primetime.queue.QueueIntegrationTest.create;
import static dev.primetime.queue.QueueIntegrationTest.timed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * "best" placements checked by code of their own: this test enumerates the window's quarter hours, keeps those
 * that break no rule against the tenant's items as the API lists them, scores them with the curve the
 * recommendations endpoint serves, and asks that the placed time be free and in the top quarter.
 */
class BestPlacementIntegrationTest extends IntegrationTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final int GAP_MINUTES = 240; // instagram's min_spacing_minutes in the seed table
    private static final int PER_WEEK = 5; // instagram's max_per_week
    private static final int STAGGER_MINUTES = 60;

    record Item(Instant at, String platform, String contentId) {}

    private static Map<String, Object> best(String contentId, String platform, Instant notAfter) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("content_id", contentId);
        item.put("platform", platform);
        item.put("placement", "best");
        if (notAfter != null) {
            item.put("not_after", notAfter.toString());
        }
        return item;
    }

    private double[] curve(Api api) {
        JsonNode curve = api.get("/api/v1/scheduling/recommendations/curve?platform=instagram&content_type=post"
                        + "&timezone=America/New_York")
                .json();
        double[] expected = new double[168];
        for (int i = 0; i < 168; i++) {
            expected[i] = curve.path("expected").get(i).asDouble();
        }
        return expected;
    }

    private static double score(double[] curve, Instant t) {
        ZonedDateTime local = t.atZone(NEW_YORK);
        return curve[(local.getDayOfWeek().getValue() - 1) * 24 + local.getHour()];
    }

    /** Every live item of the tenant, as the calendar lists them. */
    private static List<Item> items(Api api) {
        List<Item> items = new ArrayList<>();
        for (JsonNode schedule : api.get(CALENDAR + "?limit=100").json().path("data")) {
            for (JsonNode item : api.get(CALENDAR + "/" + schedule.path("id").asString())
                    .json()
                    .path("items")) {
                String status = item.path("status").asString();
                if (!status.equals("skipped") && !status.equals("failed")) {
                    items.add(new Item(
                            OffsetDateTime.parse(item.path("scheduled_time").asString())
                                    .toInstant(),
                            item.path("platform").asString(),
                            item.path("content_id").asString()));
                }
            }
        }
        return items;
    }

    /** Whether {@code t} keeps instagram's gap, weekly cap and the stagger of {@code contentId} given {@code others}. */
    private static boolean free(Instant t, String contentId, List<Item> others) {
        var week = t.atZone(NEW_YORK).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        long inWeek = others.stream()
                .filter(i -> i.platform().equals("instagram"))
                .filter(i -> i.at().atZone(NEW_YORK)
                        .toLocalDate()
                        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                        .equals(week))
                .count();
        if (inWeek >= PER_WEEK) {
            return false;
        }
        for (Item i : others) {
            long apart = Math.abs(Duration.between(i.at(), t).toMinutes());
            if (i.platform().equals("instagram") && apart < GAP_MINUTES) {
                return false;
            }
            if (!i.platform().equals("instagram") && i.contentId().equals(contentId) && apart < STAGGER_MINUTES) {
                return false;
            }
        }
        return true;
    }

    /** Checks a placed time against the free quarter hours of [from, to] it could have taken. */
    private static void assertFreeAndInTopQuarter(
            Instant placed, String contentId, List<Item> othersBefore, Instant from, Instant to, double[] curve) {
        assertThat(free(placed, contentId, othersBefore))
                .as("%s breaks a gap, cap or stagger", placed)
                .isTrue();
        List<Double> freeScores = new ArrayList<>();
        Instant t = from.truncatedTo(ChronoUnit.HOURS);
        for (; !t.isAfter(to); t = t.plus(Duration.ofMinutes(15))) {
            if (!t.isBefore(from) && free(t, contentId, othersBefore)) {
                freeScores.add(score(curve, t));
            }
        }
        assertThat(freeScores).isNotEmpty();
        double mine = score(curve, placed);
        long better = freeScores.stream().filter(s -> s > mine).count();
        assertThat((double) better / freeScores.size())
                .as("share of free times scoring higher than %s (%s of %s)", placed, better, freeScores.size())
                .isLessThanOrEqualTo(0.25);
    }

    @Test
    void bestPlacementsLandInTheTopQuarterOfFreeTimesAndKeepGapCapAndStaggerOnABusyCalendar() {
        Api api = api("best-" + UUID.randomUUID());
        Instant now = clock.instant(); // Monday 2026-03-02 09:00Z, 04:00 in New York
        double[] curve = curve(api);
        Instant endOfWeek = ZonedDateTime.of(2026, 3, 8, 23, 45, 0, 0, NEW_YORK).toInstant();
        // the week's best quarter hours, a day apart: busy with other instagram posts, and the same content on tiktok
        List<Instant> ranked = new ArrayList<>();
        for (Instant t = now.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS);
                t.isBefore(endOfWeek);
                t = t.plus(Duration.ofHours(1))) {
            ranked.add(t);
        }
        ranked.sort(Comparator.comparingDouble((Instant t) -> -score(curve, t)).thenComparing(t -> t));
        List<Instant> busy = new ArrayList<>();
        for (Instant t : ranked) {
            if (busy.size() < 3
                    && busy.stream().allMatch(b -> Duration.between(b, t).abs().toHours() >= 24)) {
                busy.add(t);
            }
        }
        Instant tiktok = ranked.stream()
                .filter(t ->
                        busy.stream().allMatch(b -> Duration.between(b, t).abs().toHours() >= 24))
                .findFirst()
                .orElseThrow();
        Api.Response calendar = create(
                api,
                "America/New_York",
                List.of(
                        timed("other-1", "instagram", busy.get(0)),
                        timed("other-2", "instagram", busy.get(1)),
                        timed("other-3", "instagram", busy.get(2)),
                        timed("launch", "tiktok", tiktok.plus(Duration.ofMinutes(15)))));
        assertThat(calendar.status()).as(calendar.body()).isEqualTo(201);
        String id = calendar.json().path("id").asString();

        // three "best" placements in this week: two fit under the weekly cap of 5 (with the 3 busy ones)...
        for (String content : List.of("launch", "teaser", "recap")) {
            List<Item> before = items(api);
            Api.Response placed = api.post(
                    CALENDAR + "/" + id + "/items", Map.of("items", List.of(best(content, "instagram", endOfWeek))));
            if (content.equals("recap")) {
                // ...a third would be the week's sixth: no time keeps the cap
                assertThat(placed.status()).as(placed.body()).isEqualTo(422);
                assertThat(placed.json().path("error_message").asString())
                        .startsWith("items[0].placement: no time from")
                        .contains("at most 5 a week");
                break;
            }
            assertThat(placed.status()).as(placed.body()).isEqualTo(201);
            JsonNode item = placed.json().path("data").get(0);
            assertThat(item.path("placement").asString()).isEqualTo("best");
            assertThat(item.path("placement_reason").asString()).contains("the best of", "platform defaults");
            Instant at =
                    OffsetDateTime.parse(item.path("scheduled_time").asString()).toInstant();
            assertFreeAndInTopQuarter(at, content, before, now, endOfWeek, curve);
        }
        // the cap holds for the week, not beyond it: the next week has room
        Api.Response nextWeek = api.post(
                CALENDAR + "/" + id + "/items",
                Map.of("items", List.of(best("recap", "instagram", endOfWeek.plus(Duration.ofDays(7))))));
        assertThat(nextWeek.status()).as(nextWeek.body()).isEqualTo(201);
        Instant at = OffsetDateTime.parse(nextWeek.json()
                        .path("data")
                        .get(0)
                        .path("scheduled_time")
                        .asString())
                .toInstant();
        assertThat(at).isAfter(endOfWeek);
    }

    @Test
    void withoutNotAfterTheBestTimeIsWithinTheNextFourteenDays() {
        Api api = api("best-window-" + UUID.randomUUID());
        Api.Response created = create(api, "America/New_York", List.of(best("solo", "instagram", null)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Instant at = OffsetDateTime.parse(created.json()
                        .path("items")
                        .get(0)
                        .path("scheduled_time")
                        .asString())
                .toInstant();
        assertThat(at).isBetween(clock.instant(), clock.instant().plus(Duration.ofDays(14)));
        assertFreeAndInTopQuarter(
                at, "solo", List.of(), clock.instant(), clock.instant().plus(Duration.ofDays(14)), curve(api));
    }
}
