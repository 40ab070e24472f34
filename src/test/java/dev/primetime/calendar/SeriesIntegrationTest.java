package dev.primetime.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class SeriesIntegrationTest extends IntegrationTest {
    private static final String CALENDAR = "/api/v1/scheduling/calendar";
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired
    DataSource dataSource;

    private static Map<String, Object> recurring(String first, String rule) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("content_id", "weekly-tip");
        item.put("platform", "linkedin");
        item.put("scheduled_time", first);
        item.put("recurrence", rule);
        return item;
    }

    private static Api.Response create(Api api, Map<String, Object> item) {
        return api.post(CALENDAR, Map.of("title", "Series", "timezone", "Europe/Berlin", "items", List.of(item)));
    }

    private static List<String> berlinTimes(JsonNode items) {
        List<String> times = new ArrayList<>();
        for (JsonNode item : items) {
            times.add(OffsetDateTime.parse(item.path("scheduled_time").asString())
                    .atZoneSameInstant(BERLIN)
                    .toLocalDateTime()
                    .toString());
        }
        return times;
    }

    @Test
    void aWeeklySeriesAcrossTheOctoberChangeKeepsTenOClockAndItsPatchMovesOnlyPendingOccurrences() {
        clock.set(Instant.parse("2026-10-01T00:00:00Z"));
        Api api = api("series-" + UUID.randomUUID());
        Api.Response created = create(api, recurring("2026-10-13T10:00:00", "RRULE:FREQ=WEEKLY;COUNT=4"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode items = created.json().path("items");
        assertThat(berlinTimes(items))
                .containsExactly("2026-10-13T10:00", "2026-10-20T10:00", "2026-10-27T10:00", "2026-11-03T10:00");
        // and so the instants differ by the change of offset (Berlin leaves summer time on 25 October)
        assertThat(items.get(1).path("scheduled_time").asString()).isEqualTo("2026-10-20T10:00:00+02:00");
        assertThat(items.get(2).path("scheduled_time").asString()).isEqualTo("2026-10-27T10:00:00+01:00");
        String series = items.get(0).path("series_id").asString();
        assertThat(series).isNotBlank();
        items.forEach(i -> assertThat(i.path("series_id").asString()).isEqualTo(series));
        String id = created.json().path("id").asString();

        // the second occurrence is no longer pending: the series change leaves it alone
        String second = items.get(1).path("id").asString();
        assertThat(api.patch(CALENDAR + "/" + id + "/items/" + second, Map.of("status", "skipped"))
                        .status())
                .isEqualTo(200);
        Api.Response moved = api.patch(
                CALENDAR + "/" + id + "/series/" + series,
                Map.of("time_of_day", "11:30", "metadata", Map.of("campaign", "autumn")));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.json().path("data").size()).isEqualTo(3);

        JsonNode after = api.get(CALENDAR + "/" + id).json().path("items");
        assertThat(berlinTimes(after))
                .containsExactly("2026-10-13T11:30", "2026-10-20T10:00", "2026-10-27T11:30", "2026-11-03T11:30");
        assertThat(after.get(0).path("metadata").path("campaign").asString()).isEqualTo("autumn");
        assertThat(after.get(1).path("metadata").has("campaign")).isFalse();
        assertThat(after.get(1).path("status").asString()).isEqualTo("skipped");

        // each change is an item event, as any other change of an item
        List<Map<String, Object>> events = JdbcClient.create(dataSource)
                .sql("SELECT event_type FROM schedule_events WHERE schedule_id = ?::uuid ORDER BY id")
                .param(id)
                .query()
                .listOfRows();
        assertThat(events.stream().filter(e -> e.get("event_type").equals("item.updated")))
                .hasSize(3);

        // deleting the series removes the pending occurrences and keeps the skipped one
        assertThat(api.delete(CALENDAR + "/" + id + "/series/" + series).status())
                .isEqualTo(204);
        JsonNode left = api.get(CALENDAR + "/" + id).json().path("items");
        assertThat(left.size()).isEqualTo(1);
        assertThat(left.get(0).path("id").asString()).isEqualTo(second);
        assertThat(api.delete(CALENDAR + "/" + id + "/series/" + UUID.randomUUID())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aRuleByDaysExpandsToItsOccurrencesOnThoseDays() {
        clock.set(Instant.parse("2026-03-01T00:00:00Z"));
        Api api = api("series-days-" + UUID.randomUUID());
        Api.Response created =
                create(api, recurring("2026-03-03T09:15:00+01:00", "RRULE:FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(berlinTimes(created.json().path("items")))
                .containsExactly(
                        "2026-03-03T09:15",
                        "2026-03-05T09:15",
                        "2026-03-10T09:15",
                        "2026-03-12T09:15",
                        "2026-03-17T09:15",
                        "2026-03-19T09:15");
        Api.Response until =
                create(api, recurring("2026-03-03T09:15:00+01:00", "RRULE:FREQ=DAILY;UNTIL=20260305T235959Z"));
        assertThat(until.json().path("items").size()).isEqualTo(3);
    }

    @Test
    void rejectsRulesWithoutAnEndOverFiveHundredOccurrencesOrNotRfc5545() {
        clock.set(Instant.parse("2026-03-01T00:00:00Z"));
        Api api = api("series-bad-" + UUID.randomUUID());
        assertThat(create(api, recurring("2026-03-03T09:00:00", "RRULE:FREQ=WEEKLY"))
                        .json()
                        .path("error_message")
                        .asString())
                .isEqualTo("items[0].recurrence: needs COUNT or UNTIL: a series has an end");
        assertThat(create(api, recurring("2026-03-03T09:00:00", "RRULE:FREQ=DAILY;COUNT=501"))
                        .json()
                        .path("error_message")
                        .asString())
                .contains("items[0].recurrence: makes more than 500 occurrences");
        assertThat(create(api, recurring("2026-03-03T09:00:00", "RRULE:FREQ=DAILY;COUNT=500"))
                        .json()
                        .path("items")
                        .size())
                .isEqualTo(500);
        Api.Response garbage = create(api, recurring("2026-03-03T09:00:00", "every tuesday"));
        assertThat(garbage.status()).isEqualTo(422);
        assertThat(garbage.json().path("error_message").asString()).startsWith("items[0].recurrence: 'every tuesday'");
        Map<String, Object> untimed = recurring(null, "RRULE:FREQ=DAILY;COUNT=2");
        untimed.remove("scheduled_time");
        assertThat(create(api, untimed).json().path("error_message").asString())
                .contains("items[0].recurrence: needs a scheduled_time");
        assertThat(api.patch(
                                CALENDAR + "/" + UUID.randomUUID() + "/series/" + UUID.randomUUID(),
                                Map.of("time_of_day", "25:00"))
                        .json()
                        .path("error_message")
                        .asString())
                .contains("time_of_day:");
    }
}
