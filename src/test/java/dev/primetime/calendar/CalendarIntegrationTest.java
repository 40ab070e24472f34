package dev.primetime.calendar;

import static dev.primetime.calendar.CalendarFixtures.create;
import static dev.primetime.calendar.CalendarFixtures.item;
import static dev.primetime.calendar.CalendarFixtures.items;
import static dev.primetime.calendar.CalendarFixtures.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import dev.primetime.support.TableCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class CalendarIntegrationTest extends IntegrationTest {
    private static final String CALENDAR = "/api/v1/scheduling/calendar";

    @Autowired
    DataSource dataSource;

    private Instant tomorrow() {
        return clock.instant().plus(Duration.ofDays(1));
    }

    @Test
    void theSeedsCreateScheduleExampleWorksAsWritten() {
        clock.set(Instant.parse("2025-11-01T00:00:00Z")); // the seed's item is on 2025-11-06
        String seedExample = """
                {
                    "title": "Launch Week Cadence",
                    "timezone": "America/New_York",
                    "items": [
                      {
                        "content_id": "content_123",
                        "platform": "youtube",
                        "scheduled_time": "2025-11-06T14:00:00-05:00",
                        "metadata": {"campaign_id": "camp_456"}
                      }
                    ]
                  }
                """;
        Api.Response response = api("seed-tenant").post(CALENDAR, seedExample);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        var body = response.json();
        assertThat(body.path("id").asString()).isNotBlank();
        assertThat(body.path("status").asString()).isEqualTo("pending");
        assertThat(body.path("created_at").asString()).isEqualTo("2025-11-01T00:00:00Z");
        assertThat(body.path("updated_at").asString()).isNotBlank();
        var item = body.path("items").get(0);
        assertThat(item.path("id").asString()).isNotBlank();
        assertThat(item.path("status").asString()).isEqualTo("pending");
        assertThat(item.path("content_type").asString()).isEqualTo("long_form");
        assertThat(item.path("scheduled_time").asString()).isEqualTo("2025-11-06T14:00:00-05:00");
        assertThat(item.path("metadata").path("campaign_id").asString()).isEqualTo("camp_456");
        assertThat(response.header("Location"))
                .isEqualTo(CALENDAR + "/" + body.path("id").asString());
        assertThat(response.header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void getReturnsTheScheduleWithItsItemsInTimeOrder() {
        Api api = api("get-tenant");
        Instant t = tomorrow();
        String id = create(
                api,
                schedule(
                        "Week",
                        List.of(
                                item("late", "tiktok", t.plusSeconds(7200)),
                                item("early", "x", t),
                                item("unscheduled", "linkedin", null))));

        Api.Response response = api.get(CALENDAR + "/" + id);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("item_count").asInt()).isEqualTo(3);
        List<String> order = response.json()
                .path("items")
                .valueStream()
                .map(i -> i.path("content_id").asString())
                .toList();
        assertThat(order).containsExactly("early", "late", "unscheduled");
        assertThat(response.json().path("items").get(0).path("platform").asString())
                .isEqualTo("twitter");
        assertThat(response.header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void theCreateAnswerIsTheScheduleAsAReadReturnsIt() {
        Api api = api("create-read-tenant");
        Instant t = tomorrow().plusNanos(123_456_789); // stored to the microsecond
        List<Map<String, Object>> many = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) { // equal times, so the order between them is the ids' order
            many.add(item(
                    "c" + i, i % 2 == 0 ? "tiktok" : "youtube", i % 5 == 0 ? null : t.plusSeconds(3600 * (i % 3))));
        }
        Api.Response created = api.post(CALENDAR, schedule("Read back", many));
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        Api.Response read = api.get(CALENDAR + "/" + created.json().path("id").asString());

        assertThat(read.status()).isEqualTo(200);
        assertThat(created.json()).isEqualTo(read.json());
        assertThat(created.json().path("item_count").asInt()).isEqualTo(40);
    }

    @Test
    void aTimeWithoutAnOffsetIsReadInTheSchedulesTimeZone() {
        Api api = api("zone-tenant");
        var body = schedule(
                "Local",
                List.of(Map.of("content_id", "c", "platform", "instagram", "scheduled_time", "2026-03-05T14:00:00")));
        var created = api.post(CALENDAR, body).json();
        // New York is UTC-5 on 5 March 2026
        assertThat(created.path("items").get(0).path("scheduled_time").asString())
                .isEqualTo("2026-03-05T14:00:00-05:00");
        String stored = JdbcClient.create(dataSource)
                .sql(
                        "SELECT to_char(scheduled_time AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI') FROM content_schedule_items WHERE id = ?::uuid")
                .param(created.path("items").get(0).path("id").asString())
                .query(String.class)
                .single();
        assertThat(stored).isEqualTo("2026-03-05T19:00");
    }

    @Test
    void createsAThousandItemsAtOnce() {
        Api api = api("bulk-tenant");
        var response = api.post(CALENDAR, schedule("Bulk", items(1000, tomorrow())));
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().path("items").size()).isEqualTo(1000);
    }

    @Test
    void aRejectedItemLeavesNothingWritten() {
        Api api = api("atomic-tenant");
        var items = new java.util.ArrayList<>(items(999, tomorrow()));
        items.add(item("bad", "myspace", tomorrow()));
        Map<String, Long> before = TableCounts.of(dataSource);

        var response = api.post(CALENDAR, schedule("Atomic", items));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("error_message").asString()).contains("items[999].platform");
        assertThat(TableCounts.of(dataSource)).isEqualTo(before);
    }

    @Test
    void aTimeBeyondTheDatabasesYearsIs422NamingItsFieldButAnyYearBoundsAFilter() {
        Api api = api("far-times-" + UUID.randomUUID());
        String kept = create(api, schedule("Near", List.of(item("c", "youtube", tomorrow()))));
        Map<String, Long> before = TableCounts.of(dataSource);

        var create = api.post(
                CALENDAR, schedule("Far", List.of(item("c", "youtube", Instant.parse("+300000-01-01T00:00:00Z")))));
        var wide = api.get(CALENDAR + "?from=0001-01-01T00:00:00Z&to=%2B300000-01-01T00:00:00Z");
        var beyond = api.get(CALENDAR + "?from=%2B300000-01-01T00:00:00Z");

        assertThat(create.status()).as(create.body()).isEqualTo(422);
        assertThat(create.json().path("error_message").asString()).startsWith("items[0].scheduled_time:");
        assertThat(TableCounts.of(dataSource)).isEqualTo(before);
        assertThat(wide.status()).as(wide.body()).isEqualTo(200);
        assertThat(wide.json().path("data").valueStream().map(s -> s.path("id").asString()))
                .containsExactly(kept);
        assertThat(beyond.status()).as(beyond.body()).isEqualTo(200);
        assertThat(beyond.json().path("data").size()).isZero();
    }

    @Test
    void anotherTenantSeesNotFoundForEverything() {
        String id = create(api("owner-a"), schedule("A's", List.of(item("c", "youtube", tomorrow()))));
        String itemId = api("owner-a")
                .get(CALENDAR + "/" + id)
                .json()
                .path("items")
                .get(0)
                .path("id")
                .asString();
        Api b = api("intruder-b");

        assertThat(b.get(CALENDAR + "/" + id).status()).isEqualTo(404);
        assertThat(b.patch(CALENDAR + "/" + id, Map.of("title", "mine")).status())
                .isEqualTo(404);
        assertThat(b.post(CALENDAR + "/" + id + "/start", null).status()).isEqualTo(404);
        assertThat(b.post(CALENDAR + "/" + id + "/cancel", null).status()).isEqualTo(404);
        assertThat(b.get(CALENDAR + "/" + id + "/items").status()).isEqualTo(404);
        assertThat(b.patch(CALENDAR + "/" + id + "/items/" + itemId, Map.of("priority", 1))
                        .status())
                .isEqualTo(404);
        assertThat(b.delete(CALENDAR + "/" + id + "/items/" + itemId).status()).isEqualTo(404);
        assertThat(b.post(CALENDAR + "/" + id + "/items", Map.of("items", List.of(item("x", "youtube", tomorrow()))))
                        .status())
                .isEqualTo(404);
        assertThat(b.get(CALENDAR)
                        .json()
                        .path("data")
                        .valueStream()
                        .map(s -> s.path("id").asString()))
                .doesNotContain(id);
        // and the owner still sees it unchanged
        assertThat(api("owner-a").get(CALENDAR + "/" + id).json().path("title").asString())
                .isEqualTo("A's");
    }

    @Test
    void patchWithAStaleIfMatchIs412AndACurrentOneSucceeds() {
        Api api = api("etag-tenant");
        String id = create(api, schedule("Before", List.of()));
        var first = api.header("If-Match", "\"1\"").patch(CALENDAR + "/" + id, Map.of("title", "After"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("ETag")).isEqualTo("\"2\"");

        var stale = api.header("If-Match", "\"1\"").patch(CALENDAR + "/" + id, Map.of("title", "Lost update"));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.errorCode()).isEqualTo("precondition_failed");
        assertThat(api.get(CALENDAR + "/" + id).json().path("title").asString()).isEqualTo("After");
    }

    @Test
    void itemsCanBeAddedMovedAndDeletedWhilePending() {
        Api api = api("items-tenant");
        String id = create(api, schedule("Items", List.of()));
        var added = api.post(
                CALENDAR + "/" + id + "/items",
                Map.of(
                        "items",
                        List.of(Map.of(
                                "content_id",
                                "a",
                                "platform",
                                "facebook",
                                "content_type",
                                "video",
                                "earliest_time",
                                tomorrow().toString(),
                                "latest_time",
                                tomorrow().plus(Duration.ofDays(2)).toString()))));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String itemId = added.json().path("data").get(0).path("id").asString();

        var outside = api.patch(
                CALENDAR + "/" + id + "/items/" + itemId,
                Map.of("scheduled_time", tomorrow().plus(Duration.ofDays(3)).toString()));
        assertThat(outside.status()).isEqualTo(422);
        assertThat(outside.json().path("error_message").asString()).contains("scheduled_time");

        var moved = api.patch(
                CALENDAR + "/" + id + "/items/" + itemId,
                Map.of("scheduled_time", tomorrow().plus(Duration.ofHours(5)).toString()));
        assertThat(moved.status()).isEqualTo(200);
        assertThat(Instant.parse(moved.json().path("scheduled_time").asString().replace("-05:00", "-05:00")))
                .isEqualTo(tomorrow().plus(Duration.ofHours(5)));

        assertThat(api.delete(CALENDAR + "/" + id + "/items/" + itemId).status())
                .isEqualTo(204);
        assertThat(api.get(CALENDAR + "/" + id + "/items/" + itemId).status()).isEqualTo(404);
    }

    @Test
    void everyChangeAppendsAnEventInOrder() {
        Api api = api("events-tenant");
        String id = create(
                api, schedule("Events", List.of(item("a", "youtube", tomorrow()), item("b", "tiktok", tomorrow()))));
        api.post(CALENDAR + "/" + id + "/start", null);

        List<Map<String, Object>> events = JdbcClient.create(dataSource)
                .sql("SELECT id, event_type, item_id FROM schedule_events WHERE schedule_id = ?::uuid ORDER BY id")
                .param(id)
                .query()
                .listOfRows();
        assertThat(events)
                .extracting(e -> e.get("event_type"))
                .containsExactly(
                        "schedule.created",
                        "item.created",
                        "item.created",
                        "schedule.status_changed",
                        "item.status_changed",
                        "item.status_changed");
        assertThat(events).extracting(e -> ((Number) e.get("id")).longValue()).isSorted();
    }

    @Test
    void unknownScheduleIdsAre404() {
        Api api = api("missing-tenant");
        assertThat(api.get(CALENDAR + "/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(api.get(CALENDAR + "/not-a-uuid").errorCode()).isEqualTo("not_found");
    }
}
