package dev.primetime.realtime;

import dev.primetime.background.PeriodicJob;
import dev.primetime.calendar.ScheduleEventFeed;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Deletes events older than the retention period ({@code EVENT_RETENTION}, 7 days), which bounds resume. */
@Component
class EventRetention extends PeriodicJob {
    private static final Logger log = LoggerFactory.getLogger(EventRetention.class);
    private final ScheduleEventFeed feed;
    private final RealtimeProperties properties;
    private final Clock clock;

    EventRetention(ScheduleEventFeed feed, RealtimeProperties properties, Clock clock) {
        super("event-retention", properties.retentionSweepInterval(), Pace.EVERY_INTERVAL);
        this.feed = feed;
        this.properties = properties;
        this.clock = clock;
    }

    /** Deletes what has expired now; returns how many events went. */
    int sweep() {
        return feed.deleteOlderThan(clock.instant().minus(properties.eventRetention()));
    }

    @Override
    protected int round() {
        int deleted = sweep();
        if (deleted > 0) {
            log.info("deleted {} events older than {}", deleted, properties.eventRetention());
        }
        return deleted;
    }
}
