package dev.primetime.realtime;

import dev.primetime.calendar.ScheduleEventFeed;
import dev.primetime.tenancy.Callers;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * This instance's sockets, grouped by tenant. A notification that a tenant has a new event makes the tenant's
 * channel read every event after the last one it read (once, for all of its sockets), serialize each once, and
 * hand the batch to each socket's queue. Tenants without a socket here are ignored.
 */
@Component
class EventFanout {
    private static final Logger log = LoggerFactory.getLogger(EventFanout.class);
    private static final int READ_BATCH = 500;
    private final ConcurrentHashMap<String, TenantChannel> channels = new ConcurrentHashMap<>();
    private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduleEventFeed feed;
    private final JsonMapper json;

    EventFanout(ScheduleEventFeed feed, JsonMapper json) {
        this.feed = feed;
        this.json = json;
    }

    void register(Subscriber subscriber, long lastEventId) {
        channels.compute(subscriber.tenantId(), (tenant, channel) -> {
            TenantChannel c = channel == null ? new TenantChannel(tenant, lastEventId) : channel;
            c.subscribers.add(subscriber);
            return c;
        });
    }

    void unregister(Subscriber subscriber) {
        channels.computeIfPresent(subscriber.tenantId(), (tenant, channel) -> {
            channel.subscribers.remove(subscriber);
            return channel.subscribers.isEmpty() ? null : channel;
        });
    }

    /** The tenant has an event numbered {@code eventId}. */
    void notified(String tenantId, long eventId) {
        TenantChannel channel = channels.get(tenantId);
        if (channel != null) {
            channel.poke(eventId);
        }
    }

    /** After the LISTEN connection was lost, any tenant may have events nobody heard of. */
    void notifiedAll() {
        channels.values().forEach(c -> c.poke(Long.MAX_VALUE));
    }

    List<Subscriber> subscribers() {
        List<Subscriber> all = new ArrayList<>();
        channels.values().forEach(c -> all.addAll(c.subscribers));
        return all;
    }

    @PreDestroy
    void shutdown() {
        readers.shutdownNow();
    }

    private final class TenantChannel {
        final String tenant;
        final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean pending = new AtomicBoolean();
        private final AtomicBoolean draining = new AtomicBoolean();
        private volatile long readUpTo;

        TenantChannel(String tenant, long readUpTo) {
            this.tenant = tenant;
            this.readUpTo = readUpTo;
        }

        void poke(long eventId) {
            if (eventId <= readUpTo) {
                return;
            }
            pending.set(true);
            if (draining.compareAndSet(false, true)) {
                readers.execute(this::drain);
            }
        }

        // One reader per channel at a time; a poke during a read makes it read again, so nothing is left behind.
        private void drain() {
            do {
                try {
                    pending.set(false);
                    readAll();
                } catch (RuntimeException e) {
                    log.warn("reading events of tenant {} failed; the next event retries: {}", tenant, e.toString());
                } finally {
                    draining.set(false);
                }
            } while (pending.get() && draining.compareAndSet(false, true));
        }

        private void readAll() {
            var caller = Callers.worker(tenant);
            while (true) {
                var batch = feed.after(caller, readUpTo, READ_BATCH);
                if (batch.isEmpty()) {
                    return;
                }
                List<WireEvent> wire = new ArrayList<>(batch.size());
                batch.forEach(e -> wire.add(WireEvent.of(e, json)));
                readUpTo = batch.getLast().eventId();
                for (Subscriber s : subscribers) {
                    s.offer(wire);
                }
                if (batch.size() < READ_BATCH) {
                    return;
                }
            }
        }
    }
}
