package dev.primetime.dispatch;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.ServiceInstance;
import dev.primetime.support.ServiceProcess;
import dev.primetime.support.TestDatabase;
import dev.primetime.support.TestTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Dispatch when instances are killed, not stopped: two instances run as separate JVMs with the service's main class
 * ({@link ServiceProcess}) and each is ended with SIGKILL while it has webhook POSTs in flight, so no shutdown hook,
 * no graceful stop, no "finish the round" runs; then a restarted instance finishes the work. The instances use the
 * system clock (a child JVM cannot share a test clock), so item times are a few seconds from now; the shared test
 * context's clock stays in early 2026 and the other dispatch tests' instances (2031) are not running, so only the
 * instances started here dispatch them.
 *
 * <p>What holds under a kill, and what this test asserts:
 *
 * <ul>
 *   <li>{@code item.due} is emitted exactly once per item. The claim sets {@code due_emitted_at}, appends the event
 *       and writes the item's webhook delivery row in one transaction: a kill before the commit rolls all of it back
 *       (PostgreSQL ends the dead connection's transaction) and the item is still due for the next claim; after the
 *       commit it is claimed for good.
 *   <li>Webhook POSTs are at least once, not exactly once. Each item has exactly one delivery row ({@code item_id}
 *       is unique), so one {@code X-Primetime-Delivery} id and one {@code delivery_id} in the body, on every
 *       attempt. A POST that a killed instance had leased but not recorded (in flight, or answered but the answer not
 *       yet committed) is sent again by another instance once its lease runs out, with the same delivery id and a
 *       higher {@code X-Primetime-Attempt}. The publisher must deduplicate by delivery id (or item id); after that
 *       it sees every item exactly once. Only deliveries a killed instance had started are repeated.
 * </ul>
 */
class DispatchProcessKillIntegrationTest {
    private static final String CALENDAR = "/api/v1/scheduling/calendar";
    private static final String SECRET = "webhook-kill-test-secret";
    private static final int ITEMS = 500;
    // Lease well above the POST timeout, and that well above the receiver's answer time, so a live instance's slow
    // POST on a busy machine is abandoned (and counted as a failed attempt) long before anyone may retry it: a
    // repeat then only ever comes from a killed instance's lease running out.
    private static final String LEASE = "10s";
    private static final String POST_TIMEOUT = "4s";
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private final Clock clock = Clock.systemUTC();
    private final WebhookReceiver receiver = new WebhookReceiver(SECRET, clock);
    private final String tenant = "kill-" + UUID.randomUUID();
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final JdbcClient db = JdbcClient.create(new DriverManagerDataSource(TestDatabase.jdbcUrlWithCredentials()));

    private ServiceInstance restarted;

    @AfterEach
    void stop() {
        processes.forEach(ServiceProcess::close);
        if (restarted != null) {
            restarted.close();
        }
        receiver.close();
    }

    /** Launches an instance as its own process; the caller waits for it with {@link ServiceProcess#awaitHealthy}. */
    private ServiceProcess launch(String name) {
        ServiceProcess process = ServiceProcess.launch(name, properties(name));
        processes.add(process);
        return process;
    }

    private Map<String, String> properties(String name) {
        return Map.of(
                "primetime.webhook.url",
                receiver.url() + "?from=" + name,
                "primetime.webhook.secret",
                SECRET,
                "primetime.webhook.lease",
                LEASE,
                "primetime.webhook.timeout",
                POST_TIMEOUT,
                "primetime.webhook.initial-backoff",
                "1s",
                "primetime.dispatch.poll-interval",
                "100ms",
                // small batches: both instances take turns at claiming and delivering
                "primetime.dispatch.batch-size",
                "10");
    }

    /** A running schedule of {@link #ITEMS} items coming due from 2 s from now, 4 ms apart. */
    private String runningSchedule(ServiceProcess via) {
        Instant first = clock.instant().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(Map.of(
                    "content_id",
                    "c" + i,
                    "platform",
                    "youtube",
                    "scheduled_time",
                    first.plusMillis(4L * i).toString()));
        }
        Api api = new Api(via.port(), TestTokens.forTenant(tenant, clock));
        var created = api.post(CALENDAR, Map.of("title", "Kill", "timezone", "UTC", "items", items));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asString();
        var started = api.post(CALENDAR + "/" + id + "/start", null);
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        return id;
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private long receiptsFrom(String schedule, String from) {
        return receiver.received(schedule).stream()
                .filter(r -> r.from().equals(from))
                .count();
    }

    /** Kills {@code process} while the receiver holds at least one of its POSTs open: certainly mid-delivery. */
    private List<WebhookReceiver.Received> killMidPost(ServiceProcess process, String name, String schedule)
            throws InterruptedException {
        receiver.hold(name);
        await(
                name + " to have a POST in flight",
                Duration.ofSeconds(30),
                () -> receiver.held(name).stream().anyMatch(r -> r.scheduleId().equals(schedule)));
        process.kill();
        return receiver.held(name).stream()
                .filter(r -> r.scheduleId().equals(schedule))
                .toList();
    }

    private long undelivered(String schedule) {
        return db.sql("""
                        SELECT (SELECT count(*) FROM content_schedule_items WHERE schedule_id = ?::uuid AND due_emitted_at IS NULL)
                             + (SELECT count(*) FROM webhook_deliveries WHERE schedule_id = ?::uuid AND state <> 'delivered')
                        """).params(schedule, schedule).query(Long.class).single();
    }

    @Test
    void killedInstancesAndARestartLoseNoDueItemAndRepeatOnlyTheWebhooksTheyHadInFlight() throws Exception {
        ServiceProcess a = launch("a");
        ServiceProcess b = launch("b");
        a.awaitHealthy(STARTUP);
        b.awaitHealthy(STARTUP);
        String schedule = runningSchedule(a);

        // a little time per POST, so the 500 take seconds and both instances get a good share before the kills
        receiver.delay(10);

        // two instances dispatching; A is killed with POSTs in flight, B goes on alone
        await("deliveries from a", Duration.ofSeconds(60), () -> receiptsFrom(schedule, "a") >= 25);
        List<WebhookReceiver.Received> inFlightAtKillOfA = killMidPost(a, "a", schedule);
        long bBefore = receiptsFrom(schedule, "b");
        await("b to go on alone", Duration.ofSeconds(60), () -> receiptsFrom(schedule, "b") >= bBefore + 25);

        // then B is killed too: no instance runs, work is left (at least the POSTs B had in flight)
        List<WebhookReceiver.Received> inFlightAtKillOfB = killMidPost(b, "b", schedule);
        assertThat(undelivered(schedule)).isGreaterThanOrEqualTo(inFlightAtKillOfB.size());
        assertThat(inFlightAtKillOfA).isNotEmpty();
        assertThat(inFlightAtKillOfB).isNotEmpty();

        // a restarted instance finishes: what was never claimed, and what A and B had leased once the leases run out.
        // It runs in this JVM (a third JVM start would add its whole startup to the test on a busy machine); the
        // kills above are what must be real, and they were.
        Map<String, String> alone = new HashMap<>(properties("restarted"));
        alone.put("primetime.dispatch.batch-size", "100"); // alone now: no need to take turns
        restarted = ServiceInstance.start(clock, alone);
        await("every delivery recorded as delivered", Duration.ofSeconds(60), () -> undelivered(schedule) == 0);
        // every delivery row is final now, so no further POST for this schedule can come: the receipts are complete

        List<WebhookReceiver.Received> receipts = receiver.received(schedule);
        assertThat(receipts).allSatisfy(r -> assertThat(r.signatureValid()).isTrue());
        // every item reached the publisher
        assertThat(receiver.distinctItems(schedule)).hasSize(ITEMS);
        assertThat(db.sql("SELECT count(*) FROM content_schedule_items WHERE schedule_id = ?::uuid")
                        .param(schedule)
                        .query(Long.class)
                        .single())
                .isEqualTo(ITEMS);
        // one delivery id per item on every attempt: deduplicating by it gives each item exactly once
        var byItem = receipts.stream().collect(groupingBy(WebhookReceiver.Received::itemId));
        assertThat(byItem.values())
                .allSatisfy(rs -> assertThat(rs.stream()
                                .map(WebhookReceiver.Received::deliveryId)
                                .distinct())
                        .hasSize(1));
        assertThat(receipts.stream().map(WebhookReceiver.Received::deliveryId).distinct())
                .hasSize(ITEMS);
        assertThat(receipts)
                .allSatisfy(
                        r -> assertThat(r.body().path("delivery_id").asString()).isEqualTo(r.deliveryId()));

        // at least once: a POST the killed instance had in flight is sent again, same delivery id, a later attempt
        var byDelivery = receipts.stream().collect(groupingBy(WebhookReceiver.Received::deliveryId));
        Set<String> repeated = byDelivery.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .map(Map.Entry::getKey)
                .collect(toSet());
        List<WebhookReceiver.Received> killedInFlight = new ArrayList<>(inFlightAtKillOfA);
        killedInFlight.addAll(inFlightAtKillOfB);
        assertThat(repeated)
                .containsAll(killedInFlight.stream()
                        .map(WebhookReceiver.Received::deliveryId)
                        .toList());
        // and only those a killed instance had started: the first receipt of every repeat came from A or B
        assertThat(repeated).allSatisfy(id -> {
            List<WebhookReceiver.Received> attempts = byDelivery.get(id);
            assertThat(attempts.getFirst().from()).isIn("a", "b");
            assertThat(attempts)
                    .extracting(WebhookReceiver.Received::attempt)
                    .doesNotHaveDuplicates()
                    .isSorted();
        });

        // item.due exactly once per item, across two killed instances and a restart
        assertThat(db.sql("SELECT count(*), count(DISTINCT item_id) FROM schedule_events"
                                + " WHERE schedule_id = ?::uuid AND event_type = 'item.due'")
                        .param(schedule)
                        .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2)))
                        .single())
                .containsExactly((long) ITEMS, (long) ITEMS);
        assertThat(db.sql("SELECT count(*) FROM webhook_deliveries WHERE schedule_id = ?::uuid AND state = 'delivered'")
                        .param(schedule)
                        .query(Long.class)
                        .single())
                .isEqualTo(ITEMS);
    }
}
