package dev.primetime.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.MutableClock;
import dev.primetime.support.ServiceInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Dispatch with whole instances of the service against one database. Item times lie in 2031, far past any clock
 * the shared test context uses, so only the instances started here (which share {@link #clock}) find them due.
 */
class DispatchIntegrationTest {
    private static final String CALENDAR = "/api/v1/scheduling/calendar";
    private static final String SECRET = "webhook-test-secret";
    private static final Instant T0 = Instant.parse("2031-01-06T09:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final WebhookReceiver receiver = new WebhookReceiver(SECRET, clock);
    private final String tenant = "dispatch-" + UUID.randomUUID();
    private final List<ServiceInstance> instances = new ArrayList<>();

    @AfterEach
    void stop() {
        instances.forEach(ServiceInstance::close);
        receiver.close();
    }

    private ServiceInstance instance(Map<String, String> extra) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("primetime.webhook.url", receiver.url());
        props.put("primetime.webhook.secret", SECRET);
        props.put("primetime.webhook.initial-backoff", "10s");
        props.put("primetime.webhook.lease", "30s");
        props.put("primetime.dispatch.poll-interval", "100ms");
        props.putAll(extra);
        ServiceInstance instance = ServiceInstance.start(clock, props);
        instances.add(instance);
        return instance;
    }

    private ServiceInstance instance() {
        return instance(Map.of());
    }

    /** A running schedule of {@code count} items, one a second from T0 + 10 min. */
    private String runningSchedule(ServiceInstance via, int count) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(Map.of(
                    "content_id",
                    "c" + i,
                    "platform",
                    "youtube",
                    "scheduled_time",
                    T0.plus(Duration.ofMinutes(10)).plusSeconds(i).toString()));
        }
        Api api = via.api(tenant, clock);
        var created = api.post(CALENDAR, Map.of("title", "Dispatch", "timezone", "UTC", "items", items));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asString();
        assertThat(api.post(CALENDAR + "/" + id + "/start", null).status()).isEqualTo(200);
        return id;
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** The instance has recorded attempt {@code n}'s failure (and so read the clock for its backoff). */
    private static void awaitRecordedFailure(ServiceInstance via, String schedule, int n) throws InterruptedException {
        await(
                "attempt " + n + " recorded",
                Duration.ofSeconds(10),
                () -> JdbcClient.create(via.dataSource())
                                .sql(
                                        "SELECT count(*) FROM webhook_deliveries WHERE schedule_id = ?::uuid AND attempts = ?"
                                                + " AND last_error IS NOT NULL")
                                .params(schedule, n)
                                .query(Long.class)
                                .single()
                        == 1);
    }

    private long dueEvents(ServiceInstance via, String schedule) {
        return JdbcClient.create(via.dataSource())
                .sql("SELECT count(*) FROM schedule_events WHERE schedule_id = ?::uuid AND event_type = 'item.due'")
                .param(schedule)
                .query(Long.class)
                .single();
    }

    private String status(ServiceInstance via, String schedule) {
        return via.api(tenant, clock)
                .get(CALENDAR + "/" + schedule)
                .json()
                .path("status")
                .asString();
    }

    @Test
    void twoInstancesDispatchFiveHundredDueItemsExactlyOnce() throws Exception {
        ServiceInstance a = instance();
        ServiceInstance b = instance();
        String schedule = runningSchedule(a, 500);
        assertThat(receiver.received(schedule)).isEmpty();

        clock.set(T0.plus(Duration.ofHours(1))); // every item is due
        await(
                "500 deliveries",
                Duration.ofSeconds(60),
                () -> receiver.distinctItems(schedule).size() >= 500);
        Thread.sleep(500); // would-be duplicates have time to arrive

        assertThat(receiver.received(schedule)).hasSize(500);
        assertThat(receiver.distinctItems(schedule)).hasSize(500);
        assertThat(receiver.received(schedule)).allSatisfy(r -> {
            assertThat(r.signatureValid()).isTrue();
            assertThat(r.attempt()).isEqualTo(1);
            assertThat(r.body().path("schedule_id").asString()).isEqualTo(schedule);
            assertThat(r.body().path("item").path("late_by_seconds").isNumber()).isTrue();
        });
        assertThat(dueEvents(b, schedule)).isEqualTo(500);
        assertThat(status(b, schedule)).isEqualTo("completing"); // nothing left to dispatch; awaiting reports
    }

    @Test
    void killingAnInstanceMidDispatchLosesNoItem() throws Exception {
        ServiceInstance a = instance();
        ServiceInstance b = instance();
        String schedule = runningSchedule(a, 500);
        receiver.delay(20); // POSTs are in flight when A goes
        clock.set(T0.plus(Duration.ofHours(1)));
        await(
                "the first deliveries",
                Duration.ofSeconds(30),
                () -> receiver.received(schedule).size() >= 60);
        a.close();

        // an attempt A had leased but not recorded is retried once its lease runs out
        await("every item delivered", Duration.ofSeconds(90), () -> {
            clock.advance(Duration.ofSeconds(1));
            return receiver.distinctItems(schedule).size() >= 500;
        });
        assertThat(receiver.distinctItems(schedule)).hasSize(500);
        assertThat(receiver.received(schedule))
                .allSatisfy(r -> assertThat(r.signatureValid()).isTrue());
        assertThat(dueEvents(b, schedule)).isEqualTo(500); // item.due itself went out exactly once per item
    }

    @Test
    void aFailingEndpointIsRetriedWithBackoffThenTheItemFails() throws Exception {
        receiver.answer(r -> 503);
        ServiceInstance a = instance(Map.of("primetime.webhook.max-attempts", "3"));
        String schedule = runningSchedule(a, 1);
        clock.set(T0.plus(Duration.ofMinutes(11)));
        await(
                "the first attempt",
                Duration.ofSeconds(10),
                () -> receiver.received(schedule).size() == 1);
        awaitRecordedFailure(a, schedule, 1);

        clock.advance(Duration.ofSeconds(9)); // backoff 10 s: not yet
        Thread.sleep(700);
        assertThat(receiver.received(schedule)).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        await(
                "the second attempt",
                Duration.ofSeconds(10),
                () -> receiver.received(schedule).size() == 2);
        awaitRecordedFailure(a, schedule, 2);

        clock.advance(Duration.ofSeconds(19)); // then 20 s
        Thread.sleep(700);
        assertThat(receiver.received(schedule)).hasSize(2);
        clock.advance(Duration.ofSeconds(1));
        await(
                "the third attempt",
                Duration.ofSeconds(10),
                () -> receiver.received(schedule).size() == 3);

        var attempts = receiver.received(schedule);
        assertThat(attempts).extracting(WebhookReceiver.Received::attempt).containsExactly(1, 2, 3);
        assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at())).isEqualTo(Duration.ofSeconds(10));
        assertThat(Duration.between(attempts.get(1).at(), attempts.get(2).at())).isEqualTo(Duration.ofSeconds(20));

        Api api = a.api(tenant, clock);
        await(
                "the item to fail",
                Duration.ofSeconds(10),
                () -> api.get(CALENDAR + "/" + schedule)
                        .json()
                        .path("status")
                        .asString()
                        .equals("completed"));
        var item = api.get(CALENDAR + "/" + schedule).json().path("items").get(0);
        assertThat(item.path("status").asString()).isEqualTo("failed");
        assertThat(item.path("error").asString()).contains("after 3 attempts").contains("HTTP 503");
        Thread.sleep(500);
        assertThat(receiver.received(schedule)).hasSize(3); // given up: no fourth attempt
    }

    @Test
    void itemsThatCameDueWhileNoInstanceRanAreDispatchedAtStartupAndARestartLosesNone() throws Exception {
        ServiceInstance first = instance();
        String schedule = runningSchedule(first, 200);
        first.close();
        clock.set(T0.plus(Duration.ofMinutes(70))); // an hour after the first item's time, nothing running

        receiver.delay(10);
        ServiceInstance second = instance();
        await(
                "some deliveries",
                Duration.ofSeconds(30),
                () -> receiver.received(schedule).size() >= 40);
        second.close(); // restart in the middle
        ServiceInstance third = instance();
        await("every item delivered", Duration.ofSeconds(90), () -> {
            clock.advance(Duration.ofSeconds(1));
            return receiver.distinctItems(schedule).size() >= 200;
        });
        assertThat(receiver.distinctItems(schedule)).hasSize(200);
        assertThat(dueEvents(third, schedule)).isEqualTo(200);
        // late by an hour less the item's offset: item i was due at T0 + 10 min + i s
        List<Long> late = JdbcClient.create(third.dataSource())
                .sql(
                        "SELECT (payload ->> 'late_by_seconds')::bigint FROM schedule_events"
                                + " WHERE schedule_id = ?::uuid AND event_type = 'item.due' AND payload ->> 'content_id' = 'c0'")
                .param(schedule)
                .query(Long.class)
                .list();
        assertThat(late).singleElement().satisfies(l -> assertThat(l).isBetween(3600L, 3600L + 60));
    }
}
