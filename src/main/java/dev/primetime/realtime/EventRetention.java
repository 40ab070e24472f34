package dev.primetime.realtime;

import dev.primetime.calendar.ScheduleEventFeed;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Deletes events older than the retention period ({@code EVENT_RETENTION}, 7 days), which bounds resume. */
@Component
class EventRetention implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(EventRetention.class);
    private final ScheduleEventFeed feed;
    private final RealtimeProperties properties;
    private final Clock clock;
    private ScheduledExecutorService timer;

    EventRetention(ScheduleEventFeed feed, RealtimeProperties properties, Clock clock) {
        this.feed = feed;
        this.properties = properties;
        this.clock = clock;
    }

    /** Deletes what has expired now; returns how many events went. */
    int sweep() {
        return feed.deleteOlderThan(clock.instant().minus(properties.eventRetention()));
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("event-retention").factory());
        long every = properties.retentionSweepInterval().toMillis();
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        int deleted = sweep();
                        if (deleted > 0) {
                            log.info("deleted {} events older than {}", deleted, properties.eventRetention());
                        }
                    } catch (RuntimeException e) {
                        log.warn("event retention sweep failed: {}", e.toString());
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
