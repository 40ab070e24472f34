package dev.primetime.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Hostile input gets its documented 4xx, leaves other tenants untouched, and the service keeps serving. */
class AbuseIntegrationTest extends IntegrationTest {
    private static final String CALENDAR = "/api/v1/scheduling/calendar";
    private static final String SQL = "'; DROP TABLE content_calendar; -- \" OR 1=1 /* \\ */";

    private String victimSchedule(Api victim) {
        return victim.post(
                        CALENDAR,
                        Map.of(
                                "title",
                                "Victim's plan",
                                "timezone",
                                "UTC",
                                "items",
                                List.of(Map.of(
                                        "content_id",
                                        "v1",
                                        "platform",
                                        "youtube",
                                        "scheduled_time",
                                        clock.instant().plus(Duration.ofDays(1)).toString()))))
                .json()
                .path("id")
                .asString();
    }

    @Test
    void sqlMetaCharactersAreStoredAsTextInEveryStringField() {
        Api api = api("abuse-sql-" + UUID.randomUUID());
        String sqlNoNul = SQL;
        var created = api.post(
                CALENDAR,
                Map.of(
                        "title",
                        sqlNoNul,
                        "timezone",
                        "UTC",
                        "description",
                        sqlNoNul,
                        "video_job_id",
                        sqlNoNul,
                        "bulk_job_id",
                        sqlNoNul,
                        "metadata",
                        Map.of(sqlNoNul, sqlNoNul),
                        "items",
                        List.of(Map.of(
                                "content_id", sqlNoNul, "platform", "youtube", "metadata", Map.of("k", sqlNoNul)))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var read =
                api.get(CALENDAR + "/" + created.json().path("id").asString()).json();
        assertThat(read.path("title").asString()).isEqualTo(sqlNoNul);
        assertThat(read.path("description").asString()).isEqualTo(sqlNoNul);
        assertThat(read.path("items").get(0).path("content_id").asString()).isEqualTo(sqlNoNul);
        assertThat(read.path("metadata").path(sqlNoNul).asString()).isEqualTo(sqlNoNul);
        // and the filters treat it as a value too
        assertThat(api.get(CALENDAR + "?status="
                                + java.net.URLEncoder.encode(SQL, java.nio.charset.StandardCharsets.UTF_8))
                        .status())
                .isEqualTo(422);
        assertThat(healthy()).isTrue();
    }

    @Test
    void aNulCharacterIsRejectedNotAFailure() {
        var response = api("abuse-nul").post(CALENDAR, "{\"title\": \"a\\u0000b\", \"timezone\": \"UTC\"}");
        assertThat(response.status()).as(response.body()).isIn(400, 422);
        assertThat(response.json().path("error_code").asString()).isIn("malformed_request", "validation_error");
    }

    @Test
    void tenThousandCharacterStringsInEveryStringFieldAre422() {
        Api api = api("abuse-long");
        String huge = "x".repeat(10_000);
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("title", huge, "timezone", "UTC"),
                Map.of("title", "t", "timezone", huge),
                Map.of("title", "t", "timezone", "UTC", "description", huge),
                Map.of("title", "t", "timezone", "UTC", "video_job_id", huge),
                Map.of("title", "t", "timezone", "UTC", "bulk_job_id", huge),
                Map.of(
                        "title",
                        "t",
                        "timezone",
                        "UTC",
                        "items",
                        List.of(Map.of("content_id", huge, "platform", "youtube"))),
                Map.of("title", "t", "timezone", "UTC", "items", List.of(Map.of("content_id", "c", "platform", huge))),
                Map.of(
                        "title",
                        "t",
                        "timezone",
                        "UTC",
                        "items",
                        List.of(Map.of("content_id", "c", "platform", "youtube", "content_type", huge))),
                Map.of(
                        "title",
                        "t",
                        "timezone",
                        "UTC",
                        "items",
                        List.of(Map.of("content_id", "c", "platform", "youtube", "scheduled_time", huge))))) {
            var response = api.post(CALENDAR, body);
            assertThat(response.status())
                    .as(body.keySet() + " " + response.body())
                    .isEqualTo(422);
            assertThat(response.body().length())
                    .as("the error does not echo the whole input")
                    .isLessThan(2_000);
        }
        assertThat(api.get(CALENDAR + "?platform=" + huge).status()).isEqualTo(422);
        assertThat(api.get("/api/v1/scheduling/recommendations?timezone=" + huge)
                        .status())
                .isEqualTo(422);
    }

    @Test
    void aFiveMegabyteBodyIs413AndTheServiceKeepsServing() {
        var response = api("abuse-big").post(CALENDAR, "{\"title\": \"" + "x".repeat(5 * 1024 * 1024) + "\"}");
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.errorCode()).isEqualTo("payload_too_large");
        assertThat(healthy()).isTrue();
    }

    @Test
    void jsonNestedTenThousandDeepIs400() {
        String deep = "{\"title\": \"t\", \"timezone\": \"UTC\", \"metadata\": " + "{\"a\":".repeat(10_000) + "1"
                + "}".repeat(10_000) + "}";
        var response = api("abuse-deep").post(CALENDAR, deep);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("malformed_request");
        assertThat(healthy()).isTrue();
    }

    @Test
    void invalidUtf8Is400() throws Exception {
        byte[] body = {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + CALENDAR))
                                .header(
                                        "Authorization",
                                        "Bearer " + dev.primetime.support.TestTokens.forTenant("abuse-utf8", clock))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"error_code\":\"malformed_request\"");
    }

    @Test
    void unknownEnumValuesAre422() {
        Api api = api("abuse-enum");
        assertThat(api.post(
                                CALENDAR,
                                Map.of(
                                        "title",
                                        "t",
                                        "timezone",
                                        "UTC",
                                        "items",
                                        List.of(Map.of("content_id", "c", "platform", "MYSPACE"))))
                        .status())
                .isEqualTo(422);
        assertThat(api.get(CALENDAR + "?status=PENDING;DROP").status()).isEqualTo(422);
        assertThat(api.post(
                                "/api/v1/scheduling/kpi-events",
                                Map.of(
                                        "content_id",
                                        "c",
                                        "platform",
                                        "youtube",
                                        "published_at",
                                        clock.instant().toString(),
                                        "metric",
                                        "love",
                                        "value",
                                        1))
                        .status())
                .isEqualTo(422);
    }

    @Test
    void anotherTenantsIdsInPathsAndBodiesChangeNothing() {
        Api victim = api("abuse-victim-" + UUID.randomUUID());
        String scheduleId = victimSchedule(victim);
        String itemId = victim.get(CALENDAR + "/" + scheduleId)
                .json()
                .path("items")
                .get(0)
                .path("id")
                .asString();
        String before = victim.get(CALENDAR + "/" + scheduleId).body();
        Api attacker = api("abuse-attacker-" + UUID.randomUUID());

        assertThat(attacker.patch(CALENDAR + "/" + scheduleId + "/items/" + itemId, Map.of("status", "skipped"))
                        .status())
                .isEqualTo(404);
        assertThat(attacker.post(
                                "/api/v1/scheduling/kpi-events",
                                Map.of("item_id", itemId, "metric", "views", "value", 1))
                        .status())
                .isEqualTo(422);
        String slot = attacker.get("/api/v1/scheduling/recommendations?platforms=youtube&target_count=1")
                .json()
                .path("recommendations")
                .get(0)
                .path("id")
                .asString();
        assertThat(attacker.post(
                                "/api/v1/scheduling/recommendations/" + slot + "/accept",
                                Map.of("schedule_id", scheduleId, "content_id", "x"))
                        .status())
                .isEqualTo(404);
        // a forged tenant_id in a body is an unknown field, not a way in
        assertThat(attacker.post(CALENDAR, Map.of("title", "t", "timezone", "UTC", "tenant_id", "abuse-victim"))
                        .status())
                .isEqualTo(422);

        assertThat(victim.get(CALENDAR + "/" + scheduleId).body()).isEqualTo(before);
    }

    @Test
    void badTokensAre401() {
        Api anyone = anonymousApi();
        for (String token : List.of(
                dev.primetime.support.TestTokens.builder(clock).unsigned(),
                dev.primetime.support.TestTokens.builder(clock).hs256("a-completely-different-secret-of-enough-length"),
                dev.primetime.support.TestTokens.builder(clock)
                        .expiresAt(clock.instant().minusSeconds(3600))
                        .hs256(),
                "Bearer",
                "",
                "x".repeat(10_000))) {
            var response = anyone.as(token).get(CALENDAR);
            assertThat(response.status())
                    .as(token.length() > 40 ? token.substring(0, 40) : token)
                    .isEqualTo(401);
        }
    }

    @Test
    void aHeaderBeyondTheServersLimitIsRefusedAndTheServiceKeepsServing() {
        var response = anonymousApi().as("x".repeat(40_000)).get(CALENDAR);
        assertThat(response.status()).isIn(400, 431);
        assertThat(healthy()).isTrue();
    }

    private boolean healthy() {
        return anonymousApi().get("/api/v1/scheduling/health").status() == 200;
    }
}
