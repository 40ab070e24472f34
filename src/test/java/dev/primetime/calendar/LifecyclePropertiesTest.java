package dev.primetime.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.PrimetimeApplication;
import dev.primetime.support.Api;
import dev.primetime.support.TestDatabase;
import dev.primetime.support.TestTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Random sequences of calendar operations through HTTP never produce a transition the state tables do not
 * allow, never leave a terminal state, and never answer 5xx. The service runs once for all tries.
 */
class LifecyclePropertiesTest {
    private static final String CALENDAR = "/api/v1/scheduling/calendar";
    private static ConfigurableApplicationContext app;
    private static int port;

    @BeforeContainer
    static void startService() {
        app = new SpringApplicationBuilder(PrimetimeApplication.class)
                // as arguments, which outrank application.yaml (default properties would not)
                .run(
                        "--server.port=0",
                        "--primetime.database.url=" + TestDatabase.jdbcUrlWithCredentials(),
                        "--primetime.environment=test",
                        "--primetime.auth.jwt-secret=" + TestTokens.SECRET,
                        "--primetime.rate-limit.enabled=false",
                        "--logging.level.root=WARN");
        port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    @AfterContainer
    static void stopService() {
        app.close();
    }

    sealed interface Operation permits Start, Cancel, AddItem, SetItemStatus, MoveItem, DeleteItem {}

    record Start() implements Operation {}

    record Cancel() implements Operation {}

    record AddItem(boolean timed) implements Operation {}

    record SetItemStatus(int item, String status) implements Operation {}

    record MoveItem(int item, int hours) implements Operation {}

    record DeleteItem(int item) implements Operation {}

    @Provide
    Arbitrary<List<Operation>> operations() {
        Arbitrary<Operation> one = Arbitraries.oneOf(
                Arbitraries.just(new Start()),
                Arbitraries.just(new Cancel()),
                Arbitraries.of(true, false).map(AddItem::new),
                Arbitraries.integers()
                        .between(0, 5)
                        .flatMap(i -> Arbitraries.of("scheduled", "published", "skipped", "failed", "pending")
                                .map(s -> new SetItemStatus(i, s))),
                Arbitraries.integers()
                        .between(0, 5)
                        .flatMap(i -> Arbitraries.integers().between(1, 48).map(h -> new MoveItem(i, h))),
                Arbitraries.integers().between(0, 5).map(DeleteItem::new));
        return one.list().ofMinSize(1).ofMaxSize(14);
    }

    @Property(tries = 60)
    void randomOperationsOnlyMakeAllowedTransitions(@ForAll("operations") List<Operation> operations) {
        Clock clock = app.getBean(Clock.class);
        Api api = new Api(port, TestTokens.forTenant("prop-" + UUID.randomUUID(), clock));
        Instant soon = clock.instant().plus(Duration.ofHours(2));
        JsonNode created = api.post(
                        CALENDAR,
                        Map.of(
                                "title",
                                "Property",
                                "timezone",
                                "Europe/Paris",
                                "items",
                                List.of(Map.of(
                                        "content_id",
                                        "first",
                                        "platform",
                                        "youtube",
                                        "scheduled_time",
                                        soon.toString()))))
                .json();
        String id = created.path("id").asString();
        assertThat(id).as(created.toString()).isNotBlank();
        String scheduleStatus = created.path("status").asString();
        Map<String, String> itemStatus = new HashMap<>();
        created.path("items")
                .forEach(i ->
                        itemStatus.put(i.path("id").asString(), i.path("status").asString()));

        for (Operation op : operations) {
            List<String> items = new ArrayList<>(itemStatus.keySet());
            items.sort(String::compareTo);
            Api.Response response = switch (op) {
                case Start s -> api.post(CALENDAR + "/" + id + "/start", null);
                case Cancel c -> api.post(CALENDAR + "/" + id + "/cancel", null);
                case AddItem a ->
                    api.post(
                            CALENDAR + "/" + id + "/items",
                            Map.of(
                                    "items",
                                    List.of(
                                            a.timed()
                                                    ? Map.of(
                                                            "content_id",
                                                            "more",
                                                            "platform",
                                                            "tiktok",
                                                            "scheduled_time",
                                                            soon.plusSeconds(60).toString())
                                                    : Map.of("content_id", "more", "platform", "tiktok"))));
                case SetItemStatus s
                when !items.isEmpty() ->
                    api.patch(
                            CALENDAR + "/" + id + "/items/" + items.get(s.item() % items.size()),
                            Map.of("status", s.status()));
                case MoveItem m
                when !items.isEmpty() ->
                    api.patch(
                            CALENDAR + "/" + id + "/items/" + items.get(m.item() % items.size()),
                            Map.of(
                                    "scheduled_time",
                                    soon.plus(Duration.ofHours(m.hours())).toString()));
                case DeleteItem d
                when !items.isEmpty() ->
                    api.delete(CALENDAR + "/" + id + "/items/" + items.get(d.item() % items.size()));
                default -> null;
            };
            if (response == null) {
                continue;
            }
            assertThat(response.status()).as(op + " → " + response.body()).isIn(200, 201, 204, 409, 422);

            JsonNode now = api.get(CALENDAR + "/" + id).json();
            String next = now.path("status").asString();
            ScheduleStatus from = ScheduleStatus.find(scheduleStatus).orElseThrow();
            ScheduleStatus to = ScheduleStatus.find(next).orElseThrow();
            if (from.isTerminal()) {
                assertThat(to).as("a terminal schedule never changes").isEqualTo(from);
            }
            Map<String, String> seen = new HashMap<>();
            now.path("items")
                    .forEach(i ->
                            seen.put(i.path("id").asString(), i.path("status").asString()));
            for (var item : seen.entrySet()) {
                String before = itemStatus.get(item.getKey());
                if (before != null && !before.equals(item.getValue())) {
                    assertThat(ItemStatus.find(before)
                                    .orElseThrow()
                                    .canMoveTo(ItemStatus.find(item.getValue()).orElseThrow()))
                            .as("item " + before + " → " + item.getValue() + " after " + op)
                            .isTrue();
                }
            }
            for (var gone : itemStatus.entrySet()) {
                if (!seen.containsKey(gone.getKey())) {
                    assertThat(gone.getValue())
                            .as("only pending items can disappear")
                            .isEqualTo("pending");
                }
            }
            scheduleStatus = next;
            itemStatus.clear();
            itemStatus.putAll(seen);
        }

        // Every schedule status change the service logged is one the table allows.
        List<Map<String, Object>> changes = JdbcClient.create(app.getBean(DataSource.class))
                .sql("SELECT payload ->> 'from' AS from_status, payload ->> 'to' AS to_status FROM schedule_events"
                        + " WHERE schedule_id = ?::uuid AND event_type = 'schedule.status_changed' ORDER BY id")
                .param(id)
                .query()
                .listOfRows();
        String previous = "pending";
        for (Map<String, Object> change : changes) {
            ScheduleStatus from =
                    ScheduleStatus.find((String) change.get("from_status")).orElseThrow();
            ScheduleStatus to =
                    ScheduleStatus.find((String) change.get("to_status")).orElseThrow();
            assertThat(from.id()).as("the log is a connected path").isEqualTo(previous);
            assertThat(from.canMoveTo(to)).as(from + " → " + to).isTrue();
            previous = to.id();
        }
        assertThat(previous).isEqualTo(scheduleStatus);
    }
}
