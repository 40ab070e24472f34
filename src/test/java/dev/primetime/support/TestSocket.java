package dev.primetime.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A WebSocket client for tests: collects every text message as JSON and remembers how the socket closed. */
public final class TestSocket implements WebSocket.Listener, AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile String closeReason;
    private WebSocket socket;

    private TestSocket() {}

    /** The refused handshake's HTTP status, or the open socket. */
    public sealed interface Opened {}

    public record Refused(int status, String body) implements Opened {}

    public record Open(TestSocket socket) implements Opened {}

    public static Opened open(int port, String query, Map<String, String> headers) {
        TestSocket listener = new TestSocket();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        try {
            listener.socket = builder.buildAsync(
                            URI.create("ws://127.0.0.1:" + port + "/api/v1/scheduling/ws" + query), listener)
                    .join();
            return new Open(listener);
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return new Refused(
                        refused.getResponse().statusCode(),
                        String.valueOf(refused.getResponse().body()));
            }
            throw e;
        }
    }

    /** Opens and waits for the server's {@code ready}; fails the test when refused. */
    public static TestSocket connect(int port, String query) {
        Opened opened = open(port, query, Map.of());
        if (opened instanceof Refused r) {
            throw new AssertionError("handshake refused: " + r);
        }
        TestSocket socket = ((Open) opened).socket();
        socket.awaitType("ready", Duration.ofSeconds(5));
        return socket;
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** Stop reading: the server's sends then back up, like a slow client (and pings go unanswered). */
    public void stopReading() {
        paused = true;
    }

    /** Read again. */
    public void resumeReading() {
        paused = false;
        socket.request(Long.MAX_VALUE);
    }

    private volatile boolean paused;

    public JsonNode next(Duration timeout) {
        try {
            return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Skips messages until one of {@code type}; fails when none arrives in time. */
    public JsonNode awaitType(String type, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode m = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (m != null && type.equals(m.path("type").asString())) {
                return m;
            }
        }
        throw new AssertionError("no '" + type + "' message within " + timeout);
    }

    /** Waits until a message of {@code type} has arrived, leaving every message in place to be read in order. */
    public void awaitTypeKeeping(String type) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (messages.stream().noneMatch(m -> type.equals(m.path("type").asString()))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + type + "' message within 5 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Events (messages with an event_id) until {@code count} arrived or {@code timeout} passed. */
    public List<JsonNode> events(int count, Duration timeout) {
        List<JsonNode> events = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.size() < count && System.nanoTime() < deadline) {
            JsonNode m = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (m != null && m.has("event_id")) {
                events.add(m);
            }
        }
        return events;
    }

    /** Whatever events arrive within {@code quiet}. */
    public List<JsonNode> drainEvents(Duration quiet) {
        return events(Integer.MAX_VALUE, quiet);
    }

    public Integer closeCode(Duration timeout) {
        try {
            return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    public String closeReason() {
        return closeReason;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(JSON.readTree(partial.toString()));
            partial.setLength(0);
        }
        if (!paused) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        // the JDK client answers pings by itself
        if (!paused) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeReason = error.toString();
        closeCode.complete(-1);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }
}
