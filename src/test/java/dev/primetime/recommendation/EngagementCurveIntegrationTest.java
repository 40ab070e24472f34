package dev.primetime.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class EngagementCurveIntegrationTest extends IntegrationTest {
    private static final String CURVE = "/api/v1/scheduling/recommendations/curve";

    private static List<Double> numbers(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asDouble()));
        return values;
    }

    private static int argmax(List<Double> values) {
        int best = 0;
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i) > values.get(best)) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void withoutATokenTheCurveIsThePlatformPriorWithAnIntervalAroundIt() {
        var response = anonymousApi().get(CURVE + "?platform=youtube&timezone=America/New_York");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("platform").asString()).isEqualTo("youtube");
        assertThat(body.path("content_type").asString()).isEqualTo("long_form");
        assertThat(body.path("basis").asString()).isEqualTo("platform_defaults");
        assertThat(body.path("observations").asInt()).isZero();
        assertThat(body.path("timezone").asString()).isEqualTo("America/New_York");
        List<Double> expected = numbers(body.path("expected"));
        List<Double> lower = numbers(body.path("lower"));
        List<Double> upper = numbers(body.path("upper"));
        List<Double> confidence = numbers(body.path("confidence"));
        assertThat(expected).hasSize(168);
        assertThat(lower).hasSize(168);
        assertThat(upper).hasSize(168);
        assertThat(confidence).hasSize(168).allSatisfy(c -> assertThat(c).isBetween(0.0, 1.0));
        for (int slot = 0; slot < 168; slot++) {
            assertThat(lower.get(slot)).isLessThanOrEqualTo(expected.get(slot));
            assertThat(upper.get(slot)).isGreaterThanOrEqualTo(expected.get(slot));
        }
        // YouTube's peak is weekdays 15:00-17:00 local: slot = day * 24 + hour, Monday 00:00 first.
        int best = body.path("best_slot").asInt();
        assertThat(best).isEqualTo(argmax(expected));
        assertThat(best / 24).isLessThan(5);
        assertThat(best % 24).isBetween(15, 16);
        // The same curve the recommendations rank by: the anonymous top slot falls in the curve's best hours.
        var top = anonymousApi()
                .get("/api/v1/scheduling/recommendations?platforms=youtube&target_count=1&timezone=America/New_York")
                .json()
                .path("recommendations")
                .get(0);
        assertThat(top.path("expected_engagement").asDouble()).isEqualTo(expected.get(best));
    }

    @Test
    void currentSlotIsNowInTheRequestedZone() {
        // The test clock starts at a known instant; Tokyo is UTC+9 all year.
        Instant now = clock.instant();
        var tokyo = now.atZone(java.time.ZoneId.of("Asia/Tokyo"));
        int expectedSlot = (tokyo.getDayOfWeek().getValue() - 1) * 24 + tokyo.getHour();

        var body = anonymousApi().get(CURVE + "?platform=x&timezone=Asia/Tokyo").json();

        assertThat(body.path("platform").asString()).isEqualTo("twitter");
        assertThat(body.path("current_slot").asInt()).isEqualTo(expectedSlot);
    }

    @Test
    void aTenantsHistoryMovesItsCurveButNotTheAnonymousOne() {
        String tenant = "curve-" + UUID.randomUUID();
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

        JsonNode mine = api.get(CURVE + "?platform=tiktok&timezone=UTC").json();
        JsonNode anonymous =
                anonymousApi().get(CURVE + "?platform=tiktok&timezone=UTC").json();

        assertThat(mine.path("basis").asString()).isEqualTo("tenant_history");
        assertThat(mine.path("observations").asInt()).isEqualTo(events.size());
        int best = mine.path("best_slot").asInt();
        assertThat(best / 24).isGreaterThanOrEqualTo(5);
        assertThat(best % 24).isBetween(20, 22);
        assertThat(anonymous.path("basis").asString()).isEqualTo("platform_defaults");
        assertThat(numbers(anonymous.path("expected"))).isNotEqualTo(numbers(mine.path("expected")));
        // Evidence narrows the interval where it was observed.
        int observedSlot = 5 * 24 + 21;
        assertThat(mine.path("confidence").get(observedSlot).asDouble())
                .isGreaterThan(anonymous.path("confidence").get(observedSlot).asDouble());
    }

    @Test
    void withATokenAndNoTimezoneTheLatestSchedulesZoneIsUsed() {
        Api api = api("curve-zone-" + UUID.randomUUID());
        assertThat(api.post("/api/v1/scheduling/calendar", Map.of("title", "Zoned", "timezone", "Asia/Kolkata"))
                        .status())
                .isEqualTo(201);

        var body = api.get(CURVE + "?platform=linkedin&content_type=article").json();

        assertThat(body.path("timezone").asString()).isEqualTo("Asia/Kolkata");
        assertThat(body.path("content_type").asString()).isEqualTo("article");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|platform",
                "platform=|platform",
                "platform=myspace|platform",
                "platform=youtube&content_type=reel|content_type",
                "platform=tiktok&timezone=Mars/Base|timezone",
                "platform=tiktok&timezone=%2B05:00|timezone"
            })
    void badInputIs422NamingTheParameter(String query, String field) {
        var response = anonymousApi().get(CURVE + "?" + query);

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.errorCode()).isEqualTo("validation_error");
        assertThat(response.json().path("error_message").asString()).startsWith(field + ":");
    }

    @Test
    void anInvalidTokenIsRefusedEvenThoughTheCurveIsPublic() {
        var response = anonymousApi().as("not-a-token").get(CURVE + "?platform=youtube");

        assertThat(response.status()).isEqualTo(401);
    }
}
