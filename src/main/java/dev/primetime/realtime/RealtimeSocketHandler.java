package dev.primetime.realtime;

import dev.primetime.calendar.ScheduleEventFeed;
import dev.primetime.tenancy.Caller;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code WS /api/v1/scheduling/ws}. A socket authenticated at the handshake starts at once; one without a token
 * has {@code authTimeout} to send {@code {"type":"auth","token":…}} or is closed with 4401. Clients may then
 * {@code subscribe} / {@code unsubscribe} to schedules. Pings go out every {@code pingInterval}; a socket that
 * answered none of the last two is closed (4408).
 */
@Component
class RealtimeSocketHandler extends TextWebSocketHandler {
    static final CloseStatus UNAUTHORIZED = new CloseStatus(4401, "unauthorized");
    static final CloseStatus NOT_FOUND = new CloseStatus(4404, "schedule not found: no schedule of yours has this id");
    static final CloseStatus NO_PONG = new CloseStatus(4408, "no pong");
    private static final Logger log = LoggerFactory.getLogger(RealtimeSocketHandler.class);
    private static final String SUBSCRIBER = "primetime.subscriber";
    private final SocketAuth auth;
    private final ScheduleEventFeed feed;
    private final EventFanout fanout;
    private final RealtimeProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("ws-timers").factory());

    RealtimeSocketHandler(
            SocketAuth auth,
            ScheduleEventFeed feed,
            EventFanout fanout,
            RealtimeProperties properties,
            JsonMapper json,
            Clock clock) {
        this.auth = auth;
        this.feed = feed;
        this.fanout = fanout;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        long ping = properties.pingInterval().toMillis();
        timers.scheduleWithFixedDelay(this::pingAll, ping, ping, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void shutdown() {
        timers.shutdownNow();
        fanout.subscribers().forEach(s -> s.close(CloseStatus.GOING_AWAY.withReason("server shutting down")));
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        if (session.getAttributes().get(SocketHandshake.REFUSAL) instanceof CloseStatus refusal) {
            close(session, refusal);
            return;
        }
        if (session.getAttributes().get(SocketHandshake.CALLER) instanceof Caller caller) {
            begin(session, caller, (Instant) session.getAttributes().get(SocketHandshake.EXPIRES_AT), (Long)
                    session.getAttributes().get(SocketHandshake.STARTS_AFTER));
        } else {
            timers.schedule(
                    () -> {
                        if (session.isOpen() && subscriber(session) == null) {
                            close(
                                    session,
                                    UNAUTHORIZED.withReason(
                                            "no token: add ?token=<jwt> to the URL, or send {\"type\":\"auth\","
                                                    + "\"token\":\"<jwt>\"} within "
                                                    + properties.authTimeout().toSeconds() + " s"));
                        }
                    },
                    properties.authTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        JsonNode body;
        try {
            body = json.readTree(message.getPayload());
        } catch (JacksonException e) {
            body = null;
        }
        String type = body == null ? null : body.path("type").asString(null);
        Subscriber subscriber = subscriber(session);
        if (subscriber == null) {
            authenticate(session, body, type);
            return;
        }
        if (!subscriber.acceptsMessage()) {
            return;
        }
        switch (type == null ? "" : type) {
            case "subscribe", "unsubscribe" -> subscription(subscriber, body, type);
            case "auth" -> renew(subscriber, body);
            default ->
                subscriber.send(error(
                        "malformed_request",
                        "messages are {\"type\": \"subscribe\" | \"unsubscribe\", \"schedule_id\"}"));
        }
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        Subscriber subscriber = subscriber(session);
        if (subscriber != null) {
            subscriber.ponged();
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("socket {} transport error: {}", session.getId(), exception.toString());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Subscriber subscriber = subscriber(session);
        if (subscriber != null) {
            subscriber.closed();
            fanout.unregister(subscriber);
        }
    }

    private void authenticate(WebSocketSession session, JsonNode body, String type) {
        if (!"auth".equals(type)) {
            close(session, UNAUTHORIZED.withReason("authenticate first: {\"type\": \"auth\", \"token\": …}"));
            return;
        }
        switch (auth.verify(body.path("token").asString(null))) {
            case SocketAuth.Refused refused ->
                close(session, UNAUTHORIZED.withReason(SocketHandshake.fit(refused.reason())));
            case SocketAuth.Verified verified -> begin(session, verified.caller(), verified.expiresAt(), null);
        }
    }

    /**
     * {@code {"type": "auth", "token": …}} on an open socket: a fresh token of the same tenant keeps it open past the
     * first token's expiry ({@code {"type": "authenticated", "expires_at"}}); a bad one leaves it as it was.
     */
    private void renew(Subscriber subscriber, JsonNode body) {
        switch (auth.verify(body.path("token").asString(null))) {
            case SocketAuth.Refused refused -> subscriber.send(error("unauthorized", refused.reason()));
            case SocketAuth.Verified verified -> {
                if (!verified.caller().tenantId().equals(subscriber.tenantId())) {
                    subscriber.send(error("conflict", "the token is another tenant's; open another socket for it"));
                    return;
                }
                subscriber.renew(verified.caller(), verified.expiresAt());
                var ack = json.createObjectNode();
                ack.put("type", "authenticated");
                ack.put(
                        "expires_at",
                        verified.expiresAt() == null
                                ? null
                                : verified.expiresAt().toString());
                subscriber.send(json.writeValueAsString(ack));
            }
        }
    }

    /**
     * Starts the socket's subscriber once. Locked per socket, not per handler: a lock on the handler made every
     * socket of a reconnect storm wait in line behind the others' database reads. {@code checkedLast}: the
     * handshake already found the schedule to be the caller's and read the latest event number, so neither is
     * read again; null when the socket authenticated by message.
     */
    private void begin(WebSocketSession session, Caller caller, Instant expiresAt, Long checkedLast) {
        synchronized (session) {
            beginLocked(session, caller, expiresAt, checkedLast);
        }
    }

    private void beginLocked(WebSocketSession session, Caller caller, Instant expiresAt, Long checkedLast) {
        if (subscriber(session) != null) {
            return;
        }
        UUID schedule = (UUID) session.getAttributes().get(SocketHandshake.SCHEDULE);
        long last;
        if (checkedLast != null) {
            last = checkedLast;
        } else {
            var visibleLast = feed.lastEventIdIfVisible(caller, schedule);
            if (visibleLast.isEmpty()) {
                close(session, NOT_FOUND);
                return;
            }
            last = visibleLast.getAsLong();
        }
        long start = session.getAttributes().get(SocketHandshake.LAST_EVENT_ID) instanceof Long resume
                ? Math.min(resume, last)
                : last;
        Subscriber subscriber =
                new Subscriber(session, caller, expiresAt, schedule, start, feed, json, properties.maxQueuedEvents());
        session.getAttributes().put(SUBSCRIBER, subscriber);
        fanout.register(subscriber, last);
        subscriber.start();
        if (!session.isOpen()) {
            subscriber.closed();
            fanout.unregister(subscriber);
        }
    }

    private void subscription(Subscriber subscriber, JsonNode body, String type) {
        UUID schedule = SocketHandshake.parseUuid(body.path("schedule_id").asString(""));
        if (schedule == null || !feed.scheduleVisible(subscriber.caller(), schedule)) {
            subscriber.send(error("not_found", "schedule not found"));
            return;
        }
        if ("subscribe".equals(type)) {
            subscriber.subscribe(schedule);
        } else if (!subscriber.unsubscribe(schedule)) {
            subscriber.send(error(
                    "conflict", "this socket receives every schedule; open it with schedule_id to choose schedules"));
            return;
        }
        var ack = json.createObjectNode();
        ack.put("type", "subscribe".equals(type) ? "subscribed" : "unsubscribed");
        ack.put("schedule_id", schedule.toString());
        subscriber.send(json.writeValueAsString(ack));
    }

    private void pingAll() {
        long deadline = properties.pingInterval().toNanos() * 2
                + properties.pingInterval().toNanos() / 2;
        Instant now = clock.instant();
        for (Subscriber s : fanout.subscribers()) {
            if (s.expiredAt(now)) {
                // as HTTP would refuse the token now; the client reconnects (or renews with an auth message before)
                s.close(UNAUTHORIZED.withReason("the token has expired"));
            } else if (s.nanosSinceLastPong() > deadline) {
                s.close(NO_PONG.withReason("no pong to the last two pings"));
            } else {
                s.ping();
            }
        }
    }

    private String error(String code, String message) {
        var node = json.createObjectNode();
        node.put("type", "error");
        node.put("error_code", code);
        node.put("error_message", message);
        return json.writeValueAsString(node);
    }

    private static Subscriber subscriber(WebSocketSession session) {
        return (Subscriber) session.getAttributes().get(SUBSCRIBER);
    }

    // A close reason is at most 123 bytes.
    private static void close(WebSocketSession session, CloseStatus status) {
        try {
            session.close(status);
        } catch (IOException e) {
            log.debug("closing socket {}: {}", session.getId(), e.toString());
        }
    }
}
