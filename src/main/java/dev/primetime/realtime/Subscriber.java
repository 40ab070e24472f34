package dev.primetime.realtime;

import dev.primetime.calendar.ScheduleEventFeed;
import dev.primetime.tenancy.Caller;
import io.github.bucket4j.Bucket;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.json.JsonMapper;

/**
 * One authenticated socket. Everything it sends goes through its own virtual thread (the pump), so a peer that
 * reads slowly blocks only that thread; the fan-out only appends to the pump's queue, and a socket with more than
 * {@code maxQueuedEvents} waiting is closed with 1013 instead of slowing anyone down.
 *
 * <p>The pump remembers the last event number it processed ({@code cursor}). A tenant's numbers have no holes and become visible in order (V6 numbers them at commit),
 * so an event that does not follow the cursor means the socket missed some (it joined, resumed, or the fan-out
 * raced it): the pump then reads everything after the cursor from the log first. Events at or below the cursor are
 * dropped. Hence resume and live delivery never skip and never repeat.
 */
final class Subscriber {
    private static final Logger log = LoggerFactory.getLogger(Subscriber.class);
    private static final int REPLAY_BATCH = 500;
    static final CloseStatus SLOW_CONSUMER = new CloseStatus(1013, "slow consumer: too many events queued");
    static final CloseStatus TOO_MANY_MESSAGES = new CloseStatus(1008, "too many messages");
    static final int INBOUND_PER_SECOND = 10;
    static final int INBOUND_BURST = 20;

    private sealed interface Signal {}

    private record Events(List<WireEvent> events, int counted) implements Signal {}

    private record Text(String text) implements Signal {}

    private enum Control implements Signal {
        CATCH_UP,
        PING,
        STOP
    }

    final WebSocketSession session;
    // renewed by a fresh token ({"type": "auth"} on an open socket); read by the pump's replays
    private volatile Caller caller;
    private volatile Instant expiresAt;
    private final ScheduleEventFeed feed;
    private final JsonMapper json;
    private final int maxQueued;
    private final Set<UUID> schedules = ConcurrentHashMap.newKeySet();
    private volatile boolean allSchedules;
    private final LinkedBlockingQueue<Signal> inbox = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastPongNanos = System.nanoTime();
    // Messages from the client: each may read the database (subscribe), so a socket gets the API's own rate (10 a
    // second, bursts of 20), not unlimited work.
    private final Bucket inbound = Bucket.builder()
            .addLimit(limit -> limit.capacity(INBOUND_BURST).refillGreedy(INBOUND_PER_SECOND, Duration.ofSeconds(1)))
            .build();
    private volatile CloseStatus closedWith;
    private long cursor;

    Subscriber(
            WebSocketSession session,
            Caller caller,
            Instant expiresAt,
            UUID schedule,
            long cursor,
            ScheduleEventFeed feed,
            JsonMapper json,
            int maxQueued) {
        this.session = session;
        this.caller = caller;
        this.expiresAt = expiresAt;
        this.cursor = cursor;
        this.feed = feed;
        this.json = json;
        this.maxQueued = maxQueued;
        if (schedule == null) {
            allSchedules = true;
        } else {
            schedules.add(schedule);
        }
    }

    String tenantId() {
        return caller.tenantId();
    }

    Caller caller() {
        return caller;
    }

    /** Whether the socket's token has expired by {@code now}: it is then closed, as HTTP would refuse it. */
    boolean expiredAt(Instant now) {
        Instant at = expiresAt;
        return at != null && !now.isBefore(at);
    }

    /** A fresh token of the same tenant keeps the socket open past the first one's expiry. */
    void renew(Caller renewed, Instant renewedExpiresAt) {
        this.caller = renewed;
        this.expiresAt = renewedExpiresAt;
    }

    /** Starts the pump: it first replays what the log holds after the starting cursor, then says it is ready. */
    void start() {
        inbox.add(Control.CATCH_UP);
        Thread.ofVirtual().name("ws-" + session.getId()).start(this::pump);
    }

    boolean matches(UUID scheduleId) {
        return allSchedules || (scheduleId != null && schedules.contains(scheduleId));
    }

    void subscribe(UUID schedule) {
        schedules.add(schedule);
    }

    /** Returns false when the socket gets every schedule and so cannot leave one. */
    boolean unsubscribe(UUID schedule) {
        if (allSchedules) {
            return false;
        }
        schedules.remove(schedule);
        return true;
    }

    boolean receivesAll() {
        return allSchedules;
    }

    Set<UUID> schedules() {
        return Set.copyOf(schedules);
    }

    /** Called by the fan-out; never blocks. */
    void offer(List<WireEvent> events) {
        if (closed.get()) {
            return;
        }
        int counted = 0;
        for (WireEvent e : events) {
            if (matches(e.scheduleId())) {
                counted++;
            }
        }
        if (queued.addAndGet(counted) > maxQueued) {
            close(SLOW_CONSUMER.withReason("slow consumer: more than " + maxQueued + " events queued"));
            return;
        }
        inbox.add(new Events(events, counted));
    }

    /** A reply; it counts against the same bound as events, so a client that writes but never reads is closed. */
    void send(String text) {
        if (closed.get()) {
            return;
        }
        if (queued.incrementAndGet() > maxQueued) {
            close(SLOW_CONSUMER.withReason("slow consumer: more than " + maxQueued + " messages queued"));
            return;
        }
        inbox.add(new Text(text));
    }

    void ping() {
        if (!closed.get()) {
            inbox.add(Control.PING);
        }
    }

    /** Whether the client may send another message now; a socket that sends faster than its rate is closed. */
    boolean acceptsMessage() {
        if (inbound.tryConsume(1)) {
            return true;
        }
        close(TOO_MANY_MESSAGES.withReason(
                "more than " + INBOUND_PER_SECOND + " messages a second (bursts of " + INBOUND_BURST + ")"));
        return false;
    }

    void ponged() {
        lastPongNanos = System.nanoTime();
    }

    long nanosSinceLastPong() {
        return System.nanoTime() - lastPongNanos;
    }

    /** How the server closed this socket, when it did. */
    CloseStatus closedWith() {
        return closedWith;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Closes from any thread without waiting: a close may block behind a send stuck on a dead peer. */
    void close(CloseStatus status) {
        if (closed.compareAndSet(false, true)) {
            closedWith = status;
            inbox.add(Control.STOP);
            Thread.ofVirtual().start(() -> {
                try {
                    session.close(status);
                } catch (IOException | RuntimeException e) {
                    log.debug("closing socket {}: {}", session.getId(), e.toString());
                }
            });
        }
    }

    /** The socket closed by itself. */
    void closed() {
        closed.set(true);
        inbox.add(Control.STOP);
    }

    private void pump() {
        try {
            while (!closed.get()) {
                Signal signal = inbox.take();
                switch (signal) {
                    case Events e -> {
                        queued.addAndGet(-e.counted());
                        deliver(e.events());
                    }
                    case Text t -> {
                        queued.decrementAndGet();
                        session.sendMessage(new TextMessage(t.text()));
                    }
                    case Control c -> {
                        switch (c) {
                            case CATCH_UP -> {
                                catchUp();
                                session.sendMessage(new TextMessage(ready()));
                            }
                            case PING -> session.sendMessage(new PingMessage());
                            case STOP -> {
                                return;
                            }
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            log.debug("socket {} stopped: {}", session.getId(), e.toString());
            close(CloseStatus.SERVER_ERROR.withReason("delivery failed"));
        }
    }

    private void deliver(List<WireEvent> events) throws IOException {
        for (WireEvent event : events) {
            if (event.eventId() <= cursor) {
                continue;
            }
            if (event.eventId() > cursor + 1) {
                catchUp();
                if (event.eventId() <= cursor) {
                    continue;
                }
            }
            // After a catch-up a remaining hole can only be events the retention sweep already deleted.
            if (matches(event.scheduleId())) {
                session.sendMessage(new TextMessage(event.text()));
            }
            cursor = event.eventId();
        }
    }

    private void catchUp() throws IOException {
        while (true) {
            var batch = feed.after(caller, cursor, REPLAY_BATCH);
            for (var logged : batch) {
                if (matches(logged.scheduleId())) {
                    session.sendMessage(
                            new TextMessage(WireEvent.of(logged, json).text()));
                }
                cursor = logged.eventId();
            }
            if (batch.size() < REPLAY_BATCH) {
                return;
            }
        }
    }

    private String ready() {
        var node = json.createObjectNode();
        node.put("type", "ready");
        node.put("last_event_id", cursor);
        var ids = node.putArray("schedule_ids");
        if (allSchedules) {
            node.putNull("schedule_ids");
        } else {
            schedules.forEach(id -> ids.add(id.toString()));
        }
        return json.writeValueAsString(node);
    }
}
