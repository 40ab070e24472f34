package dev.primetime.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import dev.primetime.support.TableCounts;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/** Every bad request gets its documented status and error body, and writes nothing. */
class BadRequestsIntegrationTest extends IntegrationTest {
    private static final String CALENDAR = "/api/v1/scheduling/calendar";
    private static final String FUTURE = "2026-03-10T15:00:00-05:00";

    @Autowired
    DataSource dataSource;

    private static String item(String fields) {
        return "{\"content_id\": \"c1\", \"platform\": \"youtube\", \"scheduled_time\": \"" + FUTURE + "\"" + fields
                + "}";
    }

    private static String schedule(String fields, String... items) {
        return "{\"title\": \"T\", \"timezone\": \"America/New_York\"" + fields + ", \"items\": ["
                + String.join(",", items) + "]}";
    }

    private static Arguments bad(
            String name, String method, String path, String body, int status, String code, String mentions) {
        return Arguments.of(name, method, path, body, Map.of(), status, code, mentions);
    }

    static Stream<Arguments> badRequests() {
        String deep = "[".repeat(3000) + "]".repeat(3000);
        return Stream.of(
                bad("malformed JSON", "POST", CALENDAR, "{\"title\": ", 400, "malformed_request", "malformed JSON"),
                bad("trailing garbage", "POST", CALENDAR, schedule("") + " xyz", 400, "malformed_request", ""),
                bad("empty body", "POST", CALENDAR, "", 400, "malformed_request", "body"),
                bad("array instead of object", "POST", CALENDAR, "[]", 400, "malformed_request", ""),
                bad(
                        "nesting too deep",
                        "POST",
                        CALENDAR,
                        "{\"title\": \"T\", \"timezone\": \"UTC\", \"metadata\": {\"x\": " + deep + "}}",
                        400,
                        "malformed_request",
                        ""),
                bad(
                        "title is a number",
                        "POST",
                        CALENDAR,
                        "{\"title\": 123, \"timezone\": \"UTC\"}",
                        422,
                        "validation_error",
                        "title"),
                bad(
                        "unknown field",
                        "POST",
                        CALENDAR,
                        schedule(", \"colour\": \"red\""),
                        422,
                        "validation_error",
                        "colour: unknown field"),
                bad(
                        "unknown item field",
                        "POST",
                        CALENDAR,
                        schedule("", item(", \"when\": \"now\"")),
                        422,
                        "validation_error",
                        "items[0].when: unknown field"),
                bad(
                        "missing title",
                        "POST",
                        CALENDAR,
                        "{\"timezone\": \"UTC\"}",
                        422,
                        "validation_error",
                        "title: is required"),
                bad(
                        "blank title",
                        "POST",
                        CALENDAR,
                        "{\"title\": \"   \", \"timezone\": \"UTC\"}",
                        422,
                        "validation_error",
                        "title"),
                bad(
                        "title over 200 characters",
                        "POST",
                        CALENDAR,
                        "{\"title\": \"" + "x".repeat(201) + "\", \"timezone\": \"UTC\"}",
                        422,
                        "validation_error",
                        "title: must be 1 to 200 characters"),
                bad(
                        "missing timezone",
                        "POST",
                        CALENDAR,
                        "{\"title\": \"T\"}",
                        422,
                        "validation_error",
                        "timezone: is required"),
                bad(
                        "not an IANA zone",
                        "POST",
                        CALENDAR,
                        "{\"title\": \"T\", \"timezone\": \"Mars/Olympus\"}",
                        422,
                        "validation_error",
                        "timezone"),
                bad(
                        "an offset is not a zone",
                        "POST",
                        CALENDAR,
                        "{\"title\": \"T\", \"timezone\": \"+05:00\"}",
                        422,
                        "validation_error",
                        "timezone"),
                bad(
                        "unknown platform",
                        "POST",
                        CALENDAR,
                        schedule("", item("").replace("youtube", "myspace")),
                        422,
                        "validation_error",
                        "items[0].platform"),
                bad(
                        "content type of another platform",
                        "POST",
                        CALENDAR,
                        schedule("", item(", \"content_type\": \"reel\"")),
                        422,
                        "validation_error",
                        "items[0].content_type"),
                bad(
                        "time that is not ISO-8601",
                        "POST",
                        CALENDAR,
                        schedule("", item("").replace(FUTURE, "next tuesday")),
                        422,
                        "validation_error",
                        "items[0].scheduled_time"),
                bad(
                        "time in the past",
                        "POST",
                        CALENDAR,
                        schedule("", item("").replace(FUTURE, "2020-01-01T00:00:00Z")),
                        422,
                        "validation_error",
                        "must not be in the past"),
                bad(
                        "earliest after latest",
                        "POST",
                        CALENDAR,
                        schedule(
                                "",
                                item(
                                        ", \"earliest_time\": \"2026-03-12T00:00:00Z\", \"latest_time\": \"2026-03-11T00:00:00Z\"")),
                        422,
                        "validation_error",
                        "earliest_time"),
                bad(
                        "scheduled before earliest",
                        "POST",
                        CALENDAR,
                        schedule("", item(", \"earliest_time\": \"2026-03-11T00:00:00Z\"")),
                        422,
                        "validation_error",
                        "must not be before earliest_time"),
                bad(
                        "scheduled after latest",
                        "POST",
                        CALENDAR,
                        schedule("", item(", \"latest_time\": \"2026-03-09T00:00:00Z\"")),
                        422,
                        "validation_error",
                        "must not be after latest_time"),
                bad(
                        "priority out of range",
                        "POST",
                        CALENDAR,
                        schedule("", item(", \"priority\": 101")),
                        422,
                        "validation_error",
                        "items[0].priority"),
                bad(
                        "priority of the wrong type",
                        "POST",
                        CALENDAR,
                        schedule("", item(", \"priority\": \"high\"")),
                        422,
                        "validation_error",
                        "items[0].priority"),
                bad(
                        "metadata that is not an object",
                        "POST",
                        CALENDAR,
                        schedule(", \"metadata\": [1, 2]"),
                        422,
                        "validation_error",
                        "metadata"),
                bad(
                        "metadata over 16 KiB",
                        "POST",
                        CALENDAR,
                        schedule(", \"metadata\": {\"blob\": \"" + "x".repeat(17_000) + "\"}"),
                        422,
                        "validation_error",
                        "metadata: must be at most 16 KiB"),
                bad(
                        "items that are not a list",
                        "POST",
                        CALENDAR,
                        "{\"title\": \"T\", \"timezone\": \"UTC\", \"items\": {}}",
                        422,
                        "validation_error",
                        "items"),
                bad("a null item", "POST", CALENDAR, schedule("", "null"), 422, "validation_error", "items[0]"),
                bad(
                        "missing content_id",
                        "POST",
                        CALENDAR,
                        schedule("", item("").replace("\"content_id\": \"c1\", ", "")),
                        422,
                        "validation_error",
                        "items[0].content_id: is required"),
                bad(
                        "1,001 items",
                        "POST",
                        CALENDAR,
                        schedule("", Stream.generate(() -> item("")).limit(1001).toArray(String[]::new)),
                        422,
                        "validation_error",
                        "at most 1000 items"),
                bad(
                        "body over 1 MiB",
                        "POST",
                        CALENDAR,
                        schedule(", \"description\": \"" + "x".repeat(1_100_000) + "\""),
                        413,
                        "payload_too_large",
                        "limit"),
                bad("limit below 10", "GET", CALENDAR + "?limit=9", null, 422, "validation_error", "limit"),
                bad("limit above 200", "GET", CALENDAR + "?limit=201", null, 422, "validation_error", "limit"),
                bad(
                        "limit that is not a number",
                        "GET",
                        CALENDAR + "?limit=ten",
                        null,
                        422,
                        "validation_error",
                        "limit"),
                bad("unknown status filter", "GET", CALENDAR + "?status=done", null, 422, "validation_error", "status"),
                bad(
                        "from that is not a time",
                        "GET",
                        CALENDAR + "?from=yesterday",
                        null,
                        422,
                        "validation_error",
                        "from"),
                bad(
                        "patch naming no field",
                        "PATCH",
                        CALENDAR + "/00000000-0000-4000-8000-000000000000",
                        "{}",
                        422,
                        "validation_error",
                        "body"),
                bad("unknown path", "GET", "/api/v1/scheduling/nothing-here", null, 404, "not_found", "nothing-here"),
                bad(
                        "unknown schedule",
                        "GET",
                        CALENDAR + "/00000000-0000-4000-8000-000000000000",
                        null,
                        404,
                        "not_found",
                        "schedule"),
                bad("wrong method", "PUT", CALENDAR, "{}", 405, "method_not_allowed", "PUT"),
                Arguments.of(
                        "accepts only XML",
                        "GET",
                        CALENDAR,
                        null,
                        Map.of("Accept", "application/xml"),
                        406,
                        "not_acceptable",
                        "application/json"),
                Arguments.of(
                        "not JSON",
                        "POST",
                        CALENDAR,
                        "title=T",
                        Map.of("Content-Type", "text/plain"),
                        415,
                        "unsupported_media_type",
                        "application/json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void getsItsDocumentedStatusAndBodyAndWritesNothing(
            String name,
            String method,
            String path,
            String body,
            Map<String, String> headers,
            int status,
            String code,
            String mentions) {
        Api api = api("bad-requests");
        for (var h : headers.entrySet()) {
            api = api.header(h.getKey(), h.getValue());
        }
        Map<String, Long> before = TableCounts.of(dataSource);

        Api.Response response = api.send(method, path, body);

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        var error = response.json();
        assertThat(error.path("error_code").asString()).isEqualTo(code);
        assertThat(error.path("error_class").asString()).isNotBlank();
        assertThat(error.path("request_id").asString()).isEqualTo(response.header("X-Request-Id"));
        assertThat(error.path("error_message").asString())
                .contains(mentions)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(TableCounts.of(dataSource)).isEqualTo(before);
    }
}
