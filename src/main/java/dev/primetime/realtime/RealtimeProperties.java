package dev.primetime.realtime;

import dev.primetime.database.DatabaseUrl;
import dev.primetime.database.StartupRefusedException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * WebSocket delivery settings.
 *
 * @param pingInterval how often the server pings each socket; a socket that answers none of two pings is dropped
 * @param authTimeout how long a socket without a token may wait before sending {@code {"type":"auth"}}
 * @param maxQueuedEvents events waiting for one socket before it counts as a slow consumer and is closed (1013)
 * @param eventRetention how long the event log keeps events for resume ({@code EVENT_RETENTION})
 * @param retentionSweepInterval how often expired events are deleted
 * @param reconnectDelay how long the LISTEN connection waits before reconnecting after a failure
 * @param listenUrl where the LISTEN connection goes ({@code DATABASE_LISTEN_URL}, same forms as {@code
 *     DATABASE_URL}); empty: the pool's database. LISTEN needs a session of its own, which a transaction-mode
 *     pooler does not keep: behind one, this names the session-mode port or the database itself
 */
@ConfigurationProperties("primetime.realtime")
record RealtimeProperties(
        @DefaultValue("30s") Duration pingInterval,
        @DefaultValue("5s") Duration authTimeout,
        @DefaultValue("1000") int maxQueuedEvents,
        @DefaultValue("7d") Duration eventRetention,
        @DefaultValue("1h") Duration retentionSweepInterval,
        @DefaultValue("1s") Duration reconnectDelay,
        String listenUrl) {
    static final Duration MIN_EVENT_RETENTION = Duration.ofHours(1);

    RealtimeProperties {
        pingInterval = pingInterval == null ? Duration.ofSeconds(30) : pingInterval;
        authTimeout = authTimeout == null ? Duration.ofSeconds(5) : authTimeout;
        maxQueuedEvents = maxQueuedEvents <= 0 ? 1000 : maxQueuedEvents;
        eventRetention = eventRetention == null ? Duration.ofDays(7) : eventRetention;
        if (eventRetention.compareTo(MIN_EVENT_RETENTION) < 0) {
            // the worker role may delete only events at least this old (V18)
            throw new StartupRefusedException(
                    "EVENT_RETENTION=" + eventRetention + " is shorter than an hour",
                    "Keep events for an hour or more (EVENT_RETENTION=1h, 7d, ...).");
        }
        retentionSweepInterval = retentionSweepInterval == null ? Duration.ofHours(1) : retentionSweepInterval;
        reconnectDelay = reconnectDelay == null ? Duration.ofSeconds(1) : reconnectDelay;
        listenUrl = listenUrl == null || listenUrl.isBlank() ? null : listenUrl.trim();
        if (listenUrl != null) {
            // a malformed one refuses startup, not every reconnect later
            try {
                DatabaseUrl.parse(listenUrl);
            } catch (StartupRefusedException e) {
                throw new StartupRefusedException(
                        e.getMessage().replace("DATABASE_URL", "DATABASE_LISTEN_URL"),
                        "Use the session-mode pooler's or the database's own connection string,"
                                + " postgresql://user:password@host:5432/dbname");
            }
        }
    }
}
