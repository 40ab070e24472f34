package dev.primetime.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 18, first "done when": a tenant with no schedules sends only instants (as an analytics export gives them);
 * asked with timezone=, or with its audience zone set, it gets its audience's local peak, history across a
 * daylight-saving change included.
 */
class AudienceZoneIntegrationTest extends IntegrationTest {
    private static final String RECOMMENDATIONS = "/api/v1/scheduling/recommendations";
    private static final String CURVE = RECOMMENDATIONS + "/curve";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    // eight weeks of history before it: 23 February to 19 April, across the United States' change on 8 March
    private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");

    /**
     * Two posts a day for eight weeks at local hours 07–23 (at {@code minute} past), as instants with an offset
     * and no timezone field; an audience whose posts earn most at {@code peakHour} local.
     */
    private String history(ZoneId zone, int peakHour, int minute, long seed) {
        Random random = new Random(seed);
        StringBuilder lines = new StringBuilder();
        LocalDate day = LocalDate.of(2026, 2, 23);
        int n = 0;
        for (int d = 0; d < 56; d++, day = day.plusDays(1)) {
            for (int k = 0; k < 2; k++) {
                // every other post at the peak or next to it, so the peak is well observed; the rest anywhere 07–23
                int hour = k == 0 && d % 2 == 0 ? peakHour + random.nextInt(3) - 1 : 7 + random.nextInt(17);
                ZonedDateTime local = day.atTime(hour, minute).atZone(zone);
                int distance = Math.abs(hour - peakHour);
                double level = distance == 0 ? 400 : distance == 1 ? 200 : 80;
                long likes = Math.round(level * Math.exp(0.2 * random.nextGaussian()));
                lines.append(JSON.writeValueAsString(Map.of(
                                "content_id",
                                "post-" + n++,
                                "platform",
                                "instagram",
                                "content_type",
                                "reel",
                                // the instant as UTC, which is what an export sends: nothing says where the audience is
                                "published_at",
                                local.toInstant().toString(),
                                "likes",
                                likes,
                                "comments",
                                likes / 20)))
                        .append('\n');
            }
        }
        return lines.toString();
    }

    private Api tenantWithHistory(ZoneId zone, int peakHour, int minute) {
        clock.set(NOW);
        String tenant = "audience-" + UUID.randomUUID();
        Api api = api(tenant);
        var imported = api.header("Content-Type", "application/x-ndjson")
                .post("/api/v1/scheduling/kpi-events/import", history(zone, peakHour, minute, tenant.hashCode()));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().path("posts").asInt()).isEqualTo(112);
        return api;
    }

    private static List<Integer> localHours(JsonNode recommendations) {
        List<Integer> hours = new ArrayList<>();
        recommendations.forEach(r -> hours.add(
                OffsetDateTime.parse(r.path("scheduled_time").asString()).getHour()));
        return hours;
    }

    private static void peaksAt(JsonNode answer, int hour, String zone, String source) {
        assertThat(answer.path("basis").asString()).isEqualTo("tenant_history");
        assertThat(answer.path("timezone").asString()).isEqualTo(zone);
        JsonNode audience = answer.path("audiences").get(0);
        assertThat(audience.path("timezone").asString()).isEqualTo(zone);
        assertThat(audience.path("timezone_source").asString()).isEqualTo(source);
        List<Integer> hours = localHours(answer.path("recommendations"));
        assertThat(hours).hasSize(5);
        // the best slots of the week are the peak hour (on different days)
        assertThat(hours.getFirst()).as("the best slot, local hours %s", hours).isEqualTo(hour);
        assertThat(hours.stream().filter(h -> Math.abs(h - hour) <= 1).count())
                .as("local hours %s", hours)
                .isGreaterThanOrEqualTo(4);
        answer.path("recommendations")
                .forEach(r -> assertThat(r.path("reason").asString()).contains(zone));
    }

    @Test
    void aLosAngelesAudienceAskingWithItsZoneGetsTwentyTwoHundred() {
        Api api = tenantWithHistory(ZoneId.of("America/Los_Angeles"), 22, 0);

        var answer = api.get(RECOMMENDATIONS + "?platforms=instagram&content_type=reel&timezone=America/Los_Angeles");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        peaksAt(answer.json(), 22, "America/Los_Angeles", "request");
        // the same local hour in winter (06:00Z) and in summer (05:00Z) is one hour of the week: Monday 22:00 is slot
        // 22, and it is the curve's best hour on its day
        JsonNode curve = api.get(CURVE + "?platform=instagram&content_type=reel&timezone=America/Los_Angeles")
                .json();
        assertThat(curve.path("timezone_source").asString()).isEqualTo("request");
        assertThat(curve.path("best_slot").asInt() % 24).isEqualTo(22);
        JsonNode expected = curve.path("expected");
        for (int day = 0; day < 7; day++) {
            assertThat(expected.get(day * 24 + 22).asDouble())
                    .as("day %d: 22:00 above 20:00", day)
                    .isGreaterThan(expected.get(day * 24 + 20).asDouble());
        }
    }

    @Test
    void aLosAngelesAudienceThatSetItsZoneGetsTwentyTwoHundredWithoutAsking() {
        Api api = tenantWithHistory(ZoneId.of("America/Los_Angeles"), 22, 0);
        // before: no schedule and no setting, so the history is read in UTC, and the answer says so
        JsonNode utc = api.get(RECOMMENDATIONS + "?platforms=instagram&content_type=reel")
                .json();
        assertThat(utc.path("timezone").asString()).isEqualTo("UTC");
        assertThat(utc.path("audiences").get(0).path("timezone_source").asString())
                .isEqualTo("default");

        var put = api.send("PUT", "/api/v1/scheduling/settings", Map.of("audience_timezone", "America/Los_Angeles"));
        assertThat(put.status()).as(put.body()).isEqualTo(200);

        var answer = api.get(RECOMMENDATIONS + "?platforms=instagram&content_type=reel");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        peaksAt(answer.json(), 22, "America/Los_Angeles", "settings");
        JsonNode curve =
                api.get(CURVE + "?platform=instagram&content_type=reel").json();
        assertThat(curve.path("timezone").asString()).isEqualTo("America/Los_Angeles");
        assertThat(curve.path("best_slot").asInt() % 24).isEqualTo(22);
    }

    @Test
    void aKolkataAudiencePeakingAtHalfPastEightGetsTheTwentyOClockHour() {
        Api api = tenantWithHistory(ZoneId.of("Asia/Kolkata"), 20, 30);

        var asked = api.get(RECOMMENDATIONS + "?platforms=instagram&content_type=reel&timezone=Asia/Kolkata");
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        peaksAt(asked.json(), 20, "Asia/Kolkata", "request");

        // per platform: instagram's audience in Kolkata, the tenant's other audiences elsewhere
        var put = api.send(
                "PUT",
                "/api/v1/scheduling/settings",
                Map.of(
                        "audience_timezone",
                        "Europe/London",
                        "platform_audience_timezones",
                        Map.of("instagram", "Asia/Kolkata")));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        JsonNode curve =
                api.get(CURVE + "?platform=instagram&content_type=reel").json();
        assertThat(curve.path("timezone").asString()).isEqualTo("Asia/Kolkata");
        assertThat(curve.path("timezone_source").asString()).isEqualTo("settings");
        assertThat(curve.path("best_slot").asInt() % 24).isEqualTo(20);
        assertThat(api.get(CURVE + "?platform=youtube").json().path("timezone").asString())
                .isEqualTo("Europe/London");
    }
}
