package dev.primetime.calendar;

import static dev.primetime.calendar.CalendarFixtures.create;
import static dev.primetime.calendar.CalendarFixtures.items;
import static dev.primetime.calendar.CalendarFixtures.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PagingIntegrationTest extends IntegrationTest {
    private static final String CALENDAR = "/api/v1/scheduling/calendar";

    @ParameterizedTest
    @ValueSource(strings = {"9", "201", "0", "-1"})
    void limitsOutsideTenTo200Are422(String limit) {
        var response = api("paging").get(CALENDAR + "?limit=" + limit);
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("error_message").asString()).startsWith("limit:");
    }

    @Test
    void walkingEveryPageOf450ItemsReturnsEachOnceInOrder() {
        Api api = api("paging-" + UUID.randomUUID());
        String id = create(api, schedule("Paged", items(450, clock.instant().plus(Duration.ofDays(1)))));

        List<String> seen = new ArrayList<>();
        List<String> times = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var page = api.get(CALENDAR + "/" + id + "/items?limit=40" + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            page.path("data").forEach(i -> {
                seen.add(i.path("content_id").asString());
                times.add(i.path("scheduled_time").asString());
            });
            cursor = page.path("next_cursor").isNull()
                    ? null
                    : page.path("next_cursor").asString();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(12); // 11 full pages of 40 and one of 10
        assertThat(seen).hasSize(450).doesNotHaveDuplicates();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            expected.add("content_" + i);
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void schedulesListNewestFirstAcrossPagesWithFilters() {
        Api api = api("paging-list-" + UUID.randomUUID());
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            clock.advance(Duration.ofMinutes(1));
            created.add(create(
                    api,
                    schedule("S" + i, i % 2 == 0 ? items(1, clock.instant().plus(Duration.ofDays(1))) : List.of())));
        }
        var first = api.get(CALENDAR + "?limit=10").json();
        var second = api.get(CALENDAR + "?limit=10&cursor="
                        + first.path("next_cursor").asString())
                .json();
        List<String> listed = new ArrayList<>();
        first.path("data").forEach(s -> listed.add(s.path("id").asString()));
        second.path("data").forEach(s -> listed.add(s.path("id").asString()));
        assertThat(second.path("next_cursor").isNull()).isTrue();
        assertThat(listed).containsExactlyElementsOf(created.reversed());

        var youtube = api.get(CALENDAR + "?platform=youtube").json().path("data");
        assertThat(youtube.size()).isEqualTo(6);
        var pending = api.get(CALENDAR + "?status=pending").json().path("data");
        assertThat(pending.size()).isEqualTo(12);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "!!!",
                "YWJj",
                "bm90LWEtdGltZR91dWlk",
                "MjAyNi0wMy0wMlQwOTowMDowMFofbm90LWEtdXVpZA",
                // a time no row can have: the year 300000
                "KzMwMDAwMC0wMS0wMVQwMDowMDowMFofMDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAx"
            })
    void aCursorThatWasNotIssuedIs422(String cursor) {
        String id = create(api("paging"), schedule("Cursor", List.of()));
        var list = api("paging").get(CALENDAR + "?cursor=" + cursor);
        assertThat(list.status()).as(list.body()).isEqualTo(422);
        assertThat(list.json().path("error_message").asString()).startsWith("cursor:");
        var items = api("paging").get(CALENDAR + "/" + id + "/items?cursor=" + cursor);
        assertThat(items.status()).as(items.body()).isEqualTo(422);
    }
}
