package dev.primetime.dispatch;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A publishing system's webhook endpoint for tests: records every POST as it arrives, checks its signature, answers
 * as told. Instances may be pointed at {@code url() + "?from=<name>"} so each receipt says which instance sent it,
 * and the requests of one sender can be held open (never answered) to catch that sender mid-POST.
 */
final class WebhookReceiver implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile ToIntFunction<Received> answer = r -> 200;
    private volatile long delayMillis;
    private final Set<String> holding = ConcurrentHashMap.newKeySet();
    private final List<Received> held = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    record Received(
            String scheduleId,
            String itemId,
            String deliveryId,
            int attempt,
            boolean signatureValid,
            String from,
            Instant at,
            JsonNode body) {}

    WebhookReceiver(String secret, Clock clock) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hooks/primetime", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode json = JSON.readTree(body);
            var headers = exchange.getRequestHeaders();
            String query = exchange.getRequestURI().getRawQuery();
            String from = query != null && query.startsWith("from=") ? query.substring("from=".length()) : "";
            Received r = new Received(
                    json.path("schedule_id").asString(),
                    json.path("item_id").asString(),
                    headers.getFirst("X-Primetime-Delivery"),
                    Integer.parseInt(headers.getFirst("X-Primetime-Attempt")),
                    WebhookSignature.verify(secret, body, headers.getFirst(WebhookSignature.HEADER)),
                    from,
                    clock.instant(),
                    json);
            // recorded on arrival: a POST whose sender dies before the answer still reached the publisher
            received.add(r);
            if (holding.contains(from)) {
                held.add(r);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = answer.applyAsInt(r);
            byte[] reply = (status / 100 == 2 ? "{\"ok\":true}" : "{\"error\":\"publisher is down\"}").getBytes();
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/primetime";
    }

    void answer(ToIntFunction<Received> answer) {
        this.answer = answer;
    }

    void delay(long millis) {
        this.delayMillis = millis;
    }

    /** From now on, POSTs from {@code from} are recorded and then left unanswered until {@link #close()}. */
    void hold(String from) {
        holding.add(from);
    }

    /** POSTs from {@code from} that arrived while held: their sender never had an answer. */
    List<Received> held(String from) {
        return held.stream().filter(r -> r.from().equals(from)).toList();
    }

    /** What arrived for one schedule (other tests' schedules may come due on these instances' clock too). */
    List<Received> received(String scheduleId) {
        return received.stream().filter(r -> r.scheduleId().equals(scheduleId)).toList();
    }

    Set<String> distinctItems(String scheduleId) {
        return received(scheduleId).stream().map(Received::itemId).collect(Collectors.toSet());
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
