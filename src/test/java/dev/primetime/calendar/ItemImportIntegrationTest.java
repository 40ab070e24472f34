package dev.primetime.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class ItemImportIntegrationTest extends IntegrationTest {
    private static final String CALENDAR = "/api/v1/scheduling/calendar";
    private static final String HEADER =
            "content_id,platform,content_type,scheduled_time,placement,priority,metadata\n";

    @Autowired
    DataSource dataSource;

    private static String schedule(Api api) {
        Api.Response created =
                api.post(CALENDAR, Map.of("title", "Import", "timezone", "Europe/Berlin", "items", List.of()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private static Api.Response upload(Api api, String id, String csv, boolean dryRun) {
        return api.header("Content-Type", "text/csv")
                .post(CALENDAR + "/" + id + "/items/import" + (dryRun ? "?dry_run=true" : ""), csv);
    }

    private long stored(String id) {
        return JdbcClient.create(dataSource)
                .sql("SELECT count(*) FROM content_schedule_items WHERE schedule_id = ?::uuid")
                .param(id)
                .query(Long.class)
                .single();
    }

    private long events(String id) {
        return JdbcClient.create(dataSource)
                .sql("SELECT count(*) FROM schedule_events WHERE schedule_id = ?::uuid AND event_type = 'item.created'")
                .param(id)
                .query(Long.class)
                .single();
    }

    @Test
    void aTenThousandRowImportIsStoredWholeWithAnEventPerItem() {
        Api api = api("import-big-" + UUID.randomUUID());
        String id = schedule(api);
        StringBuilder csv = new StringBuilder(HEADER);
        Instant first = clock.instant().plus(Duration.ofDays(1));
        for (int i = 0; i < 10_000; i++) {
            csv.append("post-")
                    .append(i)
                    .append(',')
                    .append(List.of("youtube", "tiktok", "x", "linkedin").get(i % 4))
                    .append(",,")
                    .append(first.plus(Duration.ofMinutes(10L * i)))
                    .append(",,")
                    .append(i % 101)
                    .append(",\"{\"\"row\"\": ")
                    .append(i)
                    .append("}\"\n");
        }
        Api.Response imported = upload(api, id, csv.toString(), false);
        assertThat(imported.status())
                .as(imported.body().substring(0, Math.min(500, imported.body().length())))
                .isEqualTo(201);
        assertThat(imported.json().path("rows").asInt()).isEqualTo(10_000);
        assertThat(imported.json().path("items").asInt()).isEqualTo(10_000);
        assertThat(imported.json().path("dry_run").asBoolean()).isFalse();
        assertThat(stored(id)).isEqualTo(10_000);
        assertThat(events(id)).isEqualTo(10_000);
        assertThat(api.get(CALENDAR + "/" + id)
                        .json()
                        .path("items")
                        .get(9_999)
                        .path("metadata")
                        .path("row")
                        .asInt())
                .isEqualTo(9_999);

        // the schedule is full now: one more row is refused whole
        Api.Response more = upload(api, id, HEADER + "one-more,youtube,,," + "best,,\n", false);
        assertThat(more.status()).isEqualTo(422);
        assertThat(stored(id)).isEqualTo(10_000);
    }

    @Test
    void aDryRunAnswersThePlanAndStoresNothing() {
        Api api = api("import-dry-" + UUID.randomUUID());
        // START is Monday 2026-03-02 09:00Z
        assertThat(api.put(
                                "/api/v1/scheduling/queues/instagram",
                                Map.of(
                                        "timezone",
                                        "Europe/Berlin",
                                        "slots",
                                        List.of(Map.of("day", "tue", "time", "12:00"))))
                        .status())
                .isEqualTo(200);
        String id = schedule(api);
        String csv = HEADER
                + "a,instagram,post,,queue,,\n"
                + "b,instagram,reel,,queue,70,\"{\"\"campaign\"\": \"\"spring\"\"}\"\n"
                + "c,youtube,,2026-03-10T15:00:00,,,\n"
                + "d,tiktok,,,best,,\n";
        Api.Response plan = upload(api, id, csv, true);
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        assertThat(plan.json().path("dry_run").asBoolean()).isTrue();
        var data = plan.json().path("data");
        assertThat(data.size()).isEqualTo(4);
        assertThat(data.get(0).path("scheduled_time").asString()).isEqualTo("2026-03-03T12:00:00+01:00");
        assertThat(data.get(1).path("scheduled_time").asString()).isEqualTo("2026-03-10T12:00:00+01:00");
        assertThat(data.get(2).path("scheduled_time").asString()).isEqualTo("2026-03-10T15:00:00+01:00");
        assertThat(data.get(3).path("placement").asString()).isEqualTo("best");
        assertThat(stored(id)).isZero();
        assertThat(events(id)).isZero();

        // the real import takes the same slots: the dry run took none
        Api.Response real = upload(api, id, csv, false);
        assertThat(real.status()).as(real.body()).isEqualTo(201);
        assertThat(real.json().path("data").get(0).path("scheduled_time").asString())
                .isEqualTo("2026-03-03T12:00:00+01:00");
        assertThat(stored(id)).isEqualTo(4);
        assertThat(events(id)).isEqualTo(4);
    }

    @Test
    void aFileTheReaderCannotReadIsAMalformedRequestAndStoresNothing() {
        Api api = api("import-unreadable-" + UUID.randomUUID());
        String id = schedule(api);
        // a header line longer than any field the reader keeps
        Api.Response refused = upload(api, id, "content_id," + "x".repeat(150_000) + "\n", false);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("malformed_request");
        assertThat(stored(id)).isZero();
    }

    @Test
    void recurringRowsThatExpandPastTheLimitAreRefusedAndStoreNothing() {
        Api api = api("import-expands-" + UUID.randomUUID());
        String id = schedule(api);
        String later = clock.instant().plus(Duration.ofDays(2)).toString();
        StringBuilder csv = new StringBuilder("content_id,platform,scheduled_time,recurrence\n");
        for (int i = 0; i < 21; i++) { // 21 × 500 = 10,500 items
            csv.append("series-").append(i).append(",youtube,").append(later).append(",RRULE:FREQ=DAILY;COUNT=500\n");
        }
        Api.Response refused = upload(api, id, csv.toString(), false);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().path("error_message").asString()).contains("expands to more than 10000 items");
        assertThat(stored(id)).isZero();
    }

    @Test
    void aFileWithBadRowsIsRefusedNamingEachAndStoresNothing() {
        Api api = api("import-bad-" + UUID.randomUUID());
        String id = schedule(api);
        String later = clock.instant().plus(Duration.ofDays(2)).toString();
        String csv = HEADER
                + "ok-1,youtube,," + later + ",,,\n" // row 2
                + "bad-platform,myspace,," + later + ",,,\n" // row 3
                + "ok-2,youtube,," + later + ",,,\n" // row 4
                + "bad-priority,youtube,," + later + ",,high,\n" // row 5
                + "ok-3,youtube,," + later + ",,,\n" // row 6
                + "bad-metadata,youtube,," + later + ",,,not json\n" // row 7
                + "bad-time,youtube,,yesterday,,,\n" // row 8
                + ",youtube,," + later + ",,,\n"; // row 9
        Api.Response refused = upload(api, id, csv, false);
        assertThat(refused.status()).isEqualTo(422);
        String message = refused.json().path("error_message").asString();
        assertThat(message)
                .startsWith("5 bad rows, nothing imported: ")
                .contains(
                        "row 3: platform: unknown platform 'myspace'",
                        "row 5: priority: 'high' is not a whole number",
                        "row 7: metadata: is not a JSON object",
                        "row 8: scheduled_time: 'yesterday' is not an ISO-8601 date-time",
                        "row 9: content_id: is required")
                .doesNotContain("row 2", "row 4", "row 6");
        assertThat(stored(id)).isZero();
        assertThat(upload(api, id, csv, true).status()).isEqualTo(422);

        Api.Response header = upload(api, id, "content_id,platfrom\nx,youtube\n", false);
        assertThat(header.json().path("error_message").asString())
                .contains("header: unknown column 'platfrom'", "header: needs a platform column");
        assertThat(api.header("Content-Type", "application/json")
                        .post(CALENDAR + "/" + id + "/items/import", "{}")
                        .status())
                .isEqualTo(415);
        assertThat(stored(id)).isZero();
    }
}
