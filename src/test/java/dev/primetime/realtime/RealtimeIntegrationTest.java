package dev.primetime.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import dev.primetime.support.ServiceInstance;
import dev.primetime.support.TestSocket;
import dev.primetime.support.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class RealtimeIntegrationTest extends IntegrationTest {
    private static final String CALENDAR = "/api/v1/scheduling/calendar";
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Autowired
    EventFanout fanout;

    private static String tenant(String name) {
        return name + "-" + UUID.randomUUID();
    }

    private String token(String tenant) {
        return TestTokens.forTenant(tenant, clock);
    }

    private static Map<String, Object> item(String contentId, Instant at) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("content_id", contentId);
        item.put("platform", "youtube");
        item.put("scheduled_time", at.toString());
        return item;
    }

    private String newSchedule(Api api, int items) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            list.add(item("c" + i, clock.instant().plus(Duration.ofDays(1)).plusSeconds(60L * i)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "Realtime");
        body.put("timezone", "UTC");
        body.put("items", list);
        var created = api.post(CALENDAR, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private void addItems(Api api, String schedule, int count) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(item("more" + i, clock.instant().plus(Duration.ofDays(2))));
        }
        var added = api.post(CALENDAR + "/" + schedule + "/items", Map.of("items", list));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
    }

    @Test
    void aSubscriberReceivesItsSchedulesChangesInOrderWithinASecondAndAnotherTenantNone() {
        String tenant = tenant("rt-a");
        Api api = api(tenant);
        String schedule = newSchedule(api, 1);
        String other = tenant("rt-b");
        newSchedule(api(other), 1);
        try (TestSocket mine = TestSocket.connect(port, "?schedule_id=" + schedule + "&token=" + token(tenant));
                TestSocket all = TestSocket.connect(port, "?token=" + token(tenant));
                TestSocket stranger = TestSocket.connect(port, "?token=" + token(other))) {
            String otherSchedule = newSchedule(api, 1); // another schedule of the same tenant
            addItems(api, schedule, 1);
            String itemId = api.get(CALENDAR + "/" + schedule + "/items?limit=10")
                    .json()
                    .path("data")
                    .get(0)
                    .path("id")
                    .asString();
            assertThat(api.patch(CALENDAR + "/" + schedule + "/items/" + itemId, Map.of("priority", 7))
                            .status())
                    .isEqualTo(200);
            assertThat(api.post(CALENDAR + "/" + schedule + "/start", null).status())
                    .isEqualTo(200);
            long sent = System.nanoTime();

            List<JsonNode> events = mine.events(5, SECOND);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(SECOND);
            assertThat(events)
                    .extracting(e -> e.path("type").asString())
                    .containsExactly(
                            "item.created",
                            "item.updated",
                            "schedule.status_changed",
                            "item.status_changed",
                            "item.status_changed");
            assertThat(events).allSatisfy(e -> {
                assertThat(e.path("schedule_id").asString()).isEqualTo(schedule);
                assertThat(e.path("occurred_at").asString()).isNotEmpty();
                assertThat(e.path("data").isObject()).isTrue();
            });
            assertThat(events.get(1).path("item_id").asString()).isEqualTo(itemId);
            assertThat(events.get(1).path("data").path("priority").asInt()).isEqualTo(7);
            assertThat(events.get(2).path("data").path("to").asString()).isEqualTo("running");
            assertThat(events).extracting(e -> e.path("event_id").asLong()).isSorted();
            assertThat(mine.drainEvents(Duration.ofMillis(300))).isEmpty();

            List<JsonNode> everything = all.events(7, SECOND);
            assertThat(everything.getFirst().path("type").asString()).isEqualTo("schedule.created");
            assertThat(everything.getFirst().path("schedule_id").asString()).isEqualTo(otherSchedule);
            assertThat(everything.subList(2, 7))
                    .extracting(e -> e.path("event_id").asLong())
                    .containsExactlyElementsOf(events.stream()
                            .map(e -> e.path("event_id").asLong())
                            .toList());

            assertThat(stranger.drainEvents(Duration.ofMillis(500))).isEmpty();
        }
    }

    /** A refusal a browser can read: the socket opens, then closes with the code and a reason saying what to do. */
    private void assertClosedWith(TestSocket.Opened opened, int code, String reasonPart) {
        assertThat(opened).isInstanceOf(TestSocket.Open.class);
        TestSocket socket = ((TestSocket.Open) opened).socket();
        assertThat(socket.closeCode(Duration.ofSeconds(5))).isEqualTo(code);
        assertThat(socket.closeReason()).contains(reasonPart);
        socket.close();
    }

    @Test
    void aBadOrMissingTokenIsRefused() {
        assertClosedWith(TestSocket.open(port, "?token=not-a-jwt", Map.of()), 4401, "?token=<jwt>");
        var expired = TestSocket.open(
                port,
                "?token="
                        + TestTokens.builder(clock)
                                .expiresAt(clock.instant().minusSeconds(600))
                                .hs256(),
                Map.of());
        assertClosedWith(expired, 4401, "?token=<jwt>");
        var wrongSecret = TestSocket.open(
                port,
                "",
                Map.of(
                        "Authorization",
                        "Bearer " + TestTokens.builder(clock).hs256("another-secret-that-is-long-enough-0123456789")));
        // a bad Authorization header is refused by the API's own token check before any socket exists: only
        // non-browser clients can send one, and they read the status
        assertThat(wrongSecret)
                .isInstanceOfSatisfying(
                        TestSocket.Refused.class, r -> assertThat(r.status()).isEqualTo(401));

        // no token at all: the socket waits for an auth message, then says how to pass one
        assertClosedWith(TestSocket.open(port, "", Map.of()), 4401, "{\"type\":\"auth\"");

        var badAuth = (TestSocket.Open) TestSocket.open(port, "", Map.of());
        badAuth.socket().send("{\"type\":\"auth\",\"token\":\"nope\"}");
        assertThat(badAuth.socket().closeCode(Duration.ofSeconds(5))).isEqualTo(4401);
        badAuth.socket().close();
    }

    @Test
    void aFirstAuthMessageOrAnAuthorizationHeaderAlsoAuthenticates() {
        String tenant = tenant("rt-auth");
        Api api = api(tenant);
        String schedule = newSchedule(api, 1);
        var opened = (TestSocket.Open) TestSocket.open(port, "?schedule_id=" + schedule, Map.of());
        try (TestSocket socket = opened.socket();
                TestSocket header = ((TestSocket.Open)
                                TestSocket.open(port, "", Map.of("Authorization", "Bearer " + token(tenant))))
                        .socket()) {
            socket.send("{\"type\":\"auth\",\"token\":\"" + token(tenant) + "\"}");
            socket.awaitType("ready", Duration.ofSeconds(5));
            header.awaitType("ready", Duration.ofSeconds(5));
            addItems(api, schedule, 1);
            assertThat(socket.events(1, SECOND))
                    .extracting(e -> e.path("type").asString())
                    .containsExactly("item.created");
            assertThat(header.events(1, SECOND))
                    .extracting(e -> e.path("type").asString())
                    .containsExactly("item.created");
        }
    }

    @Test
    void aSocketIsClosedWhenItsTokenExpiresUnlessAFreshTokenRenewsIt() {
        String tenant = tenant("rt-expiry");
        try (TestSocket socket = TestSocket.connect(port, "?token=" + token(tenant))) { // expires in an hour
            String fresh = TestTokens.builder(clock)
                    .subject(tenant)
                    .expiresAt(clock.instant().plus(Duration.ofHours(3)))
                    .hs256();
            socket.send("{\"type\":\"auth\",\"token\":\"" + token(tenant("rt-other")) + "\"}");
            assertThat(socket.awaitType("error", SECOND).path("error_code").asString())
                    .isEqualTo("conflict");
            socket.send("{\"type\":\"auth\",\"token\":\"" + fresh + "\"}");
            assertThat(socket.awaitType("authenticated", SECOND)
                            .path("expires_at")
                            .asString())
                    .isEqualTo(clock.instant()
                            .plus(Duration.ofHours(3))
                            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                            .toString());

            clock.advance(Duration.ofHours(2)); // past the first token, within the fresh one
            assertThat(socket.closeCode(Duration.ofSeconds(3)))
                    .as("open after three pings")
                    .isNull();
            clock.advance(Duration.ofHours(2));

            assertThat(socket.closeCode(Duration.ofSeconds(5))).isEqualTo(4401);
        }
    }

    @Test
    void aSocketThatSendsFasterThanItsRateIsClosed() {
        String tenant = tenant("rt-flood");
        try (TestSocket socket = TestSocket.connect(port, "?token=" + token(tenant))) {
            for (int i = 0; i < 60; i++) {
                try {
                    socket.send("{\"type\":\"junk\"}");
                } catch (RuntimeException e) {
                    break; // the server closed it mid-burst: what is asserted below
                }
            }

            assertThat(socket.closeCode(Duration.ofSeconds(5))).isEqualTo(1008);
        }
    }

    @Test
    void anotherTenantsOrAnUnknownScheduleIsNotFound() {
        String owner = tenant("rt-owner");
        String schedule = newSchedule(api(owner), 1);
        String intruder = tenant("rt-intruder");
        for (String id : List.of(schedule, UUID.randomUUID().toString(), "not-a-uuid")) {
            assertClosedWith(
                    TestSocket.open(port, "?schedule_id=" + id + "&token=" + token(intruder), Map.of()),
                    4404,
                    "schedule not found");
        }
        var opened = (TestSocket.Open) TestSocket.open(port, "?schedule_id=" + schedule, Map.of());
        opened.socket().send("{\"type\":\"auth\",\"token\":\"" + token(intruder) + "\"}");
        assertThat(opened.socket().closeCode(Duration.ofSeconds(5))).isEqualTo(4404);
        opened.socket().close();
    }

    @Test
    void subscribeAndUnsubscribeChooseSchedules() {
        String tenant = tenant("rt-sub");
        Api api = api(tenant);
        String first = newSchedule(api, 1);
        String second = newSchedule(api, 1);
        try (TestSocket socket = TestSocket.connect(port, "?schedule_id=" + first + "&token=" + token(tenant))) {
            socket.send("{\"type\":\"subscribe\",\"schedule_id\":\"" + second + "\"}");
            socket.awaitType("subscribed", SECOND);
            socket.send("{\"type\":\"unsubscribe\",\"schedule_id\":\"" + first + "\"}");
            socket.awaitType("unsubscribed", SECOND);
            socket.send("{\"type\":\"subscribe\",\"schedule_id\":\"" + UUID.randomUUID() + "\"}");
            assertThat(socket.awaitType("error", SECOND).path("error_code").asString())
                    .isEqualTo("not_found");
            addItems(api, first, 1);
            addItems(api, second, 1);
            assertThat(socket.events(2, SECOND))
                    .extracting(e -> e.path("schedule_id").asString())
                    .containsExactly(second);
        }
    }

    @Test
    void resumeFromLastEventIdLosesAndRepeatsNothing() throws Exception {
        String tenant = tenant("rt-resume");
        Api api = api(tenant);
        String schedule = newSchedule(api, 0 + 1);
        int batches = 20;
        int perBatch = 50; // 1,000 item.created events
        List<Long> received = new ArrayList<>();
        TestSocket first = TestSocket.connect(port, "?schedule_id=" + schedule + "&token=" + token(tenant));
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < batches; i++) {
                addItems(api, schedule, perBatch);
            }
        });
        first.events(300, Duration.ofSeconds(20))
                .forEach(e -> received.add(e.path("event_id").asLong()));
        first.close(); // in the middle of the stream
        long last = received.getLast();
        writer.get();
        try (TestSocket second = ((TestSocket.Open) TestSocket.open(
                        port,
                        "?schedule_id=" + schedule + "&last_event_id=" + last + "&token=" + token(tenant),
                        Map.of()))
                .socket()) {
            int expected = batches * perBatch;
            second.events(expected - received.size(), Duration.ofSeconds(20))
                    .forEach(e -> received.add(e.path("event_id").asLong()));
            assertThat(second.drainEvents(Duration.ofMillis(300))).isEmpty();
        }
        Set<Long> distinct = new HashSet<>(received);
        assertThat(distinct).hasSameSizeAs(received);
        assertThat(received).hasSize(batches * perBatch).isSorted();
        // a new tenant's numbers have no holes: 1 schedule.created + 1 item.created, then the 1,000
        assertThat(received.getFirst()).isEqualTo(3);
        assertThat(received.getLast()).isEqualTo(2 + batches * perBatch);
    }

    @Test
    void concurrentWritersOfOneTenantStillYieldEveryEventOnceInNumberOrder() throws Exception {
        String tenant = tenant("rt-concurrent");
        Api api = api(tenant);
        List<String> schedules = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            schedules.add(newSchedule(api, 1));
        }
        try (TestSocket socket = TestSocket.connect(port, "?token=" + token(tenant))) {
            long before = 8 * 2; // each schedule logged schedule.created and item.created
            var writers = java.util.concurrent.Executors.newFixedThreadPool(8);
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (String schedule : schedules) {
                done.add(writers.submit(() -> {
                    for (int k = 0; k < 10; k++) {
                        addItems(api, schedule, 3);
                    }
                }));
            }
            for (var f : done) {
                f.get();
            }
            writers.shutdown();
            List<Long> ids = socket.events(8 * 10 * 3, Duration.ofSeconds(10)).stream()
                    .map(e -> e.path("event_id").asLong())
                    .toList();
            assertThat(ids).hasSize(240);
            // numbered at commit: consecutive, each once, in the order they arrive
            for (int i = 0; i < ids.size(); i++) {
                assertThat(ids.get(i)).isEqualTo(before + 1 + i);
            }
        }
    }

    @Test
    void aSlowConsumerIsDisconnectedAndDoesNotSlowOthers() {
        // its own instance with slow pings, so the slow socket is closed for its queue, not for a missed pong
        try (ServiceInstance instance =
                ServiceInstance.start(clock, Map.of("primetime.realtime.ping-interval", "60s"))) {
            slowConsumer(instance.port(), instance.bean(EventFanout.class));
        }
    }

    private void slowConsumer(int port, EventFanout fanout) {
        String tenant = tenant("rt-slow");
        Api api = new Api(port, token(tenant));
        String schedule = newSchedule(api, 1);
        try (TestSocket slow = TestSocket.connect(port, "?token=" + token(tenant))) {
            Subscriber slowOnServer = fanout.subscribers().stream()
                    .filter(s -> s.tenantId().equals(tenant))
                    .findFirst()
                    .orElseThrow();
            try (TestSocket healthy = TestSocket.connect(port, "?token=" + token(tenant))) {
                slow.stopReading();
                String big = "x".repeat(8_000);
                int sent = 0;
                for (int i = 0; i < 20; i++) {
                    List<Map<String, Object>> list = new ArrayList<>();
                    for (int j = 0; j < 50; j++) {
                        Map<String, Object> it = item("big" + j, clock.instant().plus(Duration.ofDays(2)));
                        it.put("metadata", Map.of("blob", big));
                        list.add(it);
                    }
                    assertThat(api.post(CALENDAR + "/" + schedule + "/items", Map.of("items", list))
                                    .status())
                            .isEqualTo(201);
                    sent += 50;
                }
                long start = System.nanoTime();
                assertThat(healthy.events(sent, Duration.ofSeconds(10))).hasSize(sent);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                assertThat(slowOnServer.isClosed()).isTrue();
                assertThat(slowOnServer.closedWith().getCode()).isEqualTo(1013);
                assertThat(slowOnServer.closedWith().getReason()).contains("slow consumer");
                // the peer cannot read the close frame while its buffers are full; it is disconnected all the same
                slow.resumeReading();
                assertThat(slow.closeCode(Duration.ofSeconds(10)))
                        .isIn(1013, 1006, -1); // 1006: dropped without a frame
            }
        }
    }

    @Test
    void aPeerThatStopsAnsweringPingsIsDropped() throws Exception {
        String tenant = tenant("rt-dead");
        TestSocket dead = TestSocket.connect(port, "?token=" + token(tenant));
        assertThat(subscribersOf(tenant)).isEqualTo(1);
        dead.stopReading();
        long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (subscribersOf(tenant) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(subscribersOf(tenant)).isZero();
        dead.close();
    }

    @Test
    void theOpenApiDocumentDescribesTheSocketWithAnExampleOfEveryEventType() {
        JsonNode doc = anonymousApi().get("/openapi.json").json();
        JsonNode socket = doc.path("paths").path("/api/v1/scheduling/ws").path("get");
        assertThat(socket.path("description").asString())
                .contains("last_event_id")
                .contains("4401");
        JsonNode examples = socket.path("responses")
                .path("101")
                .path("content")
                .path("application/json")
                .path("examples");
        for (String type : List.of(
                "schedule.created",
                "schedule.updated",
                "schedule.status_changed",
                "item.created",
                "item.updated",
                "item.status_changed",
                "item.due",
                "optimization.started",
                "optimization.progress",
                "optimization.completed",
                "trial.updated")) {
            JsonNode example = examples.path(type).path("value");
            assertThat(example.path("type").asString()).as(type).isEqualTo(type);
            assertThat(example.path("event_id").isIntegralNumber()).as(type).isTrue();
            assertThat(example.path("data").isObject()).as(type).isTrue();
        }
        assertThat(doc.path("webhooks")
                        .path("item.due")
                        .path("post")
                        .path("description")
                        .asString())
                .contains("X-Primetime-Signature");
    }

    private long subscribersOf(String tenant) {
        return fanout.subscribers().stream()
                .filter(s -> s.tenantId().equals(tenant) && !s.isClosed())
                .count();
    }
}
