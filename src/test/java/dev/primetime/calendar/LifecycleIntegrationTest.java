package dev.primetime.calendar;

import static dev.primetime.calendar.CalendarFixtures.create;
import static dev.primetime.calendar.CalendarFixtures.item;
import static dev.primetime.calendar.CalendarFixtures.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleIntegrationTest extends IntegrationTest {
    private static final String CALENDAR = "/api/v1/scheduling/calendar";

    private final String tenant = "lifecycle-" + UUID.randomUUID();

    @org.springframework.beans.factory.annotation.Autowired
    DataSource dataSource;

    // A fresh token each time: some tests move the clock past a token's expiry.
    private Api api() {
        return api(tenant);
    }

    private Instant soon() {
        return clock.instant().plus(Duration.ofHours(1));
    }

    private String newSchedule(int timedItems) {
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (int i = 0; i < timedItems; i++) {
            items.add(item("c" + i, "youtube", soon().plusSeconds(60L * i)));
        }
        return create(api(), schedule("Lifecycle", items));
    }

    private String status(String id) {
        return api().get(CALENDAR + "/" + id).json().path("status").asString();
    }

    private List<String> itemIds(String id) {
        return api().get(CALENDAR + "/" + id)
                .json()
                .path("items")
                .valueStream()
                .map(i -> i.path("id").asString())
                .toList();
    }

    private Api.Response setItem(String id, String itemId, Map<String, Object> change) {
        return api().patch(CALENDAR + "/" + id + "/items/" + itemId, change);
    }

    @Test
    void startMovesPendingToRunningAndCommitsTimedItems() {
        String id = create(
                api(), schedule("Start", List.of(item("timed", "youtube", soon()), item("untimed", "tiktok", null))));
        var started = api().post(CALENDAR + "/" + id + "/start", null);
        assertThat(started.status()).isEqualTo(200);
        assertThat(started.json().path("status").asString()).isEqualTo("running");
        assertThat(started.json()
                        .path("items")
                        .valueStream()
                        .map(i -> i.path("content_id").asString() + "="
                                + i.path("status").asString()))
                .containsExactly("timed=scheduled", "untimed=pending");
    }

    @Test
    void cancelFromPendingEndsCanceledWithOpenItemsSkipped() {
        String id = newSchedule(2);
        var canceled = api().post(CALENDAR + "/" + id + "/cancel", null);
        assertThat(canceled.json().path("status").asString()).isEqualTo("canceled");
        assertThat(canceled.json()
                        .path("items")
                        .valueStream()
                        .map(i -> i.path("status").asString()))
                .containsOnly("skipped");
    }

    @Test
    void cancelFromRunningEndsCanceled() {
        String id = newSchedule(1);
        api().post(CALENDAR + "/" + id + "/start", null);
        assertThat(api().post(CALENDAR + "/" + id + "/cancel", null)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("canceled");
    }

    @Test
    void itemsGoScheduledThenPublishedAndTheScheduleCompletes() {
        String id = newSchedule(2);
        api().post(CALENDAR + "/" + id + "/start", null);
        List<String> items = itemIds(id);

        var published = setItem(
                id,
                items.get(0),
                Map.of(
                        "status",
                        "published",
                        "external_post_id",
                        "yt_1",
                        "external_url",
                        "https://youtube.com/watch?v=1"));
        assertThat(published.status()).as(published.body()).isEqualTo(200);
        assertThat(published.json().path("external_post_id").asString()).isEqualTo("yt_1");
        assertThat(status(id)).isEqualTo("running");

        var failed = setItem(id, items.get(1), Map.of("status", "failed", "error", "upload rejected"));
        assertThat(failed.json().path("error").asString()).isEqualTo("upload rejected");
        assertThat(status(id)).isEqualTo("completed");
    }

    @Test
    void aRunningScheduleIsCompletingWhenNothingIsLeftToDispatch() {
        String id = newSchedule(2);
        api().post(CALENDAR + "/" + id + "/start", null);
        List<String> items = itemIds(id);
        setItem(id, items.get(0), Map.of("status", "skipped"));
        assertThat(status(id)).isEqualTo("running"); // the other item is due in the future

        clock.advance(Duration.ofHours(3)); // its time has passed; it waits for confirmation
        setItem(id, items.get(1), Map.of("priority", 10));
        assertThat(status(id)).isEqualTo("completing");

        setItem(id, items.get(1), Map.of("status", "published"));
        assertThat(status(id)).isEqualTo("completed");
    }

    @Test
    void aPendingItemCanBeSkippedOrFailedDirectly() {
        String id = newSchedule(2);
        List<String> items = itemIds(id);
        assertThat(setItem(id, items.get(0), Map.of("status", "skipped"))
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("skipped");
        assertThat(setItem(id, items.get(1), Map.of("status", "failed"))
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("failed");
    }

    @Test
    void aPendingItemCanBeScheduledByHand() {
        String id = newSchedule(1);
        String item = itemIds(id).getFirst();
        assertThat(setItem(id, item, Map.of("status", "scheduled"))
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("scheduled");
    }

    /** Drives a schedule into a state and then asks for an illegal move. */
    static Stream<Arguments> disallowedScheduleMoves() {
        return Stream.of(
                Arguments.of("running", "start", "running"),
                Arguments.of("canceled", "start", "running"),
                Arguments.of("canceled", "cancel", "canceling"),
                Arguments.of("completed", "cancel", "canceling"),
                Arguments.of("completed", "start", "running"));
    }

    @ParameterizedTest(name = "{1} from {0}")
    @MethodSource("disallowedScheduleMoves")
    void illegalScheduleMovesAre409NamingBothStates(String from, String action, String to) {
        String id = newSchedule(1);
        switch (from) {
            case "running" -> api().post(CALENDAR + "/" + id + "/start", null);
            case "canceled" -> api().post(CALENDAR + "/" + id + "/cancel", null);
            case "completed" -> {
                api().post(CALENDAR + "/" + id + "/start", null);
                setItem(id, itemIds(id).getFirst(), Map.of("status", "published"));
            }
            default -> throw new IllegalArgumentException(from);
        }
        assertThat(status(id)).isEqualTo(from);

        var response = api().post(CALENDAR + "/" + id + "/" + action, null);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.errorCode()).isEqualTo("invalid_state_transition");
        assertThat(response.json().path("error_message").asString())
                .contains("from " + from)
                .contains("to " + to);
        assertThat(status(id)).isEqualTo(from);
    }

    static Stream<Arguments> disallowedItemMoves() {
        return Stream.of(
                Arguments.of("pending", "published"),
                Arguments.of("published", "scheduled"),
                Arguments.of("published", "failed"),
                Arguments.of("skipped", "scheduled"),
                Arguments.of("failed", "published"));
    }

    @ParameterizedTest(name = "item {0} → {1}")
    @MethodSource("disallowedItemMoves")
    void illegalItemMovesAre409(String from, String to) {
        String id = newSchedule(2); // two items so the schedule stays open after the first is final
        String item = itemIds(id).getFirst();
        if (!from.equals("pending")) {
            api().post(CALENDAR + "/" + id + "/start", null);
            assertThat(setItem(id, item, Map.of("status", from)).status()).isEqualTo(200);
        }

        var response = setItem(id, item, Map.of("status", to));

        assertThat(response.status()).isEqualTo(409);
        if (from.equals("pending")) {
            assertThat(response.errorCode()).isEqualTo("invalid_state_transition");
            assertThat(response.json().path("error_message").asString()).contains("from pending to " + to);
        } else {
            // a terminal item can no longer change at all
            assertThat(response.json().path("error_message").asString()).contains(from);
        }
    }

    @Test
    void anItemSentForPublishingCannotBeMovedButCanBeReported() {
        String id = newSchedule(2);
        api().post(CALENDAR + "/" + id + "/start", null);
        String item = itemIds(id).getFirst();
        clock.advance(Duration.ofHours(1)); // it comes due, and the dispatcher sends it (as the owner: what it writes)
        org.springframework.jdbc.core.simple.JdbcClient.create(dataSource)
                .sql("UPDATE content_schedule_items SET due_emitted_at = ? WHERE id = ?::uuid")
                .params(java.sql.Timestamp.from(clock.instant()), item)
                .update();

        var moved = setItem(
                id,
                item,
                Map.of(
                        "scheduled_time",
                        clock.instant().plus(Duration.ofDays(1)).toString()));
        var reported = setItem(id, item, Map.of("status", "published"));

        assertThat(moved.status()).as(moved.body()).isEqualTo(409);
        assertThat(moved.errorCode()).isEqualTo("conflict");
        assertThat(reported.status()).as(reported.body()).isEqualTo(200);
        assertThat(reported.json().path("scheduled_time").asString())
                .isEqualTo(api().get(CALENDAR + "/" + id + "/items/" + item)
                        .json()
                        .path("scheduled_time")
                        .asString());
    }

    @Test
    void anItemCannotBeSetBackToPending() {
        String id = newSchedule(1);
        String item = itemIds(id).getFirst();

        var response = setItem(id, item, Map.of("status", "pending"));

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.json().path("error_message").asString()).startsWith("status:");
        assertThat(api().get(CALENDAR + "/" + id + "/items/" + item)
                        .json()
                        .path("version")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void aFinishedScheduleCanNoLongerBeEdited() {
        String id = newSchedule(1);
        api().post(CALENDAR + "/" + id + "/cancel", null);
        BiFunction<String, Object, Api.Response> patch = (path, body) -> api().patch(CALENDAR + "/" + id + path, body);
        assertThat(patch.apply("", Map.of("title", "x")).status()).isEqualTo(409);
        assertThat(api().post(CALENDAR + "/" + id + "/items", Map.of("items", List.of(item("n", "youtube", soon()))))
                        .status())
                .isEqualTo(409);
    }

    @Test
    void onlyPendingItemsCanBeDeleted() {
        String id = newSchedule(1);
        api().post(CALENDAR + "/" + id + "/start", null);
        var response =
                api().delete(CALENDAR + "/" + id + "/items/" + itemIds(id).getFirst());
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().path("error_message").asString()).contains("scheduled");
    }

    @Test
    void deletingTheLastPendingItemOfARunningScheduleKeepsItRunning() {
        String id = create(api(), schedule("Untimed", List.of(item("u", "youtube", null))));
        api().post(CALENDAR + "/" + id + "/start", null);
        assertThat(api().delete(CALENDAR + "/" + id + "/items/" + itemIds(id).getFirst())
                        .status())
                .isEqualTo(204);
        assertThat(status(id)).isEqualTo("running");
    }

    @Test
    void itemsCannotBeAddedToACompletingSchedule() {
        String id = newSchedule(1);
        api().post(CALENDAR + "/" + id + "/start", null);
        clock.advance(Duration.ofHours(2));
        setItem(id, itemIds(id).getFirst(), Map.of("priority", 1)); // due time passed: completing
        assertThat(status(id)).isEqualTo("completing");
        var response =
                api().post(CALENDAR + "/" + id + "/items", Map.of("items", List.of(item("late", "youtube", null))));
        assertThat(response.status()).isEqualTo(409);
    }

    @Test
    void aScheduleWithoutItemsCannotStart() {
        String id = create(api(), schedule("Empty", List.of()));
        assertThat(api().post(CALENDAR + "/" + id + "/start", null).status()).isEqualTo(409);
    }
}
