package dev.primetime.dispatch;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A publishing system's webhook endpoint for tests: records every POST, checks its signature, answers as told. */
final class WebhookReceiver implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile ToIntFunction<Received> answer = r -> 200;
    private volatile long delayMillis;

    record Received(
            String scheduleId,
            String itemId,
            String deliveryId,
            int attempt,
            boolean signatureValid,
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
            Received r = new Received(
                    json.path("schedule_id").asString(),
                    json.path("item_id").asString(),
                    headers.getFirst("X-Primetime-Delivery"),
                    Integer.parseInt(headers.getFirst("X-Primetime-Attempt")),
                    WebhookSignature.verify(secret, body, headers.getFirst(WebhookSignature.HEADER)),
                    clock.instant(),
                    json);
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            received.add(r);
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

    /** What arrived for one schedule (other tests' schedules may come due on these instances' clock too). */
    List<Received> received(String scheduleId) {
        return received.stream().filter(r -> r.scheduleId().equals(scheduleId)).toList();
    }

    Set<String> distinctItems(String scheduleId) {
        return received(scheduleId).stream().map(Received::itemId).collect(Collectors.toSet());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
