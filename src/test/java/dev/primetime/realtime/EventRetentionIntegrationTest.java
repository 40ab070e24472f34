package dev.primetime.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.IntegrationTest;
import dev.primetime.support.TestSocket;
import dev.primetime.support.TestTokens;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class EventRetentionIntegrationTest extends IntegrationTest {
    @Autowired
    DataSource dataSource;

    @Autowired
    EventRetention retention;

    private void logEvent(String tenant, Instant at) {
        JdbcClient.create(dataSource)
                .sql("INSERT INTO schedule_events (tenant_id, event_type, payload, created_at)"
                        + " VALUES (?, 'schedule.updated', '{}'::jsonb, ?)")
                .params(tenant, Timestamp.from(at))
                .update();
    }

    @Test
    void eventsOlderThanTheRetentionPeriodAreDeletedAndNumberingGoesOn() {
        // years before anything the other tests log, so the sweep touches only these rows
        Instant now = Instant.parse("2020-01-10T00:00:00Z");
        clock.set(now);
        String tenant = "retention-" + UUID.randomUUID();
        logEvent(tenant, now.minus(Duration.ofDays(8)));
        logEvent(tenant, now.minus(Duration.ofDays(6)));

        assertThat(retention.sweep()).isGreaterThanOrEqualTo(1);

        var kept = JdbcClient.create(dataSource)
                .sql("SELECT event_id FROM schedule_events WHERE tenant_id = ? ORDER BY event_id")
                .param(tenant)
                .query(Long.class)
                .list();
        assertThat(kept).containsExactly(2L);

        // a socket resuming from before the horizon gets what is left, then new events numbered on from there
        try (TestSocket socket = ((TestSocket.Open) TestSocket.open(
                        port, "?last_event_id=0&token=" + TestTokens.forTenant(tenant, clock), Map.of()))
                .socket()) {
            socket.awaitTypeKeeping("ready");
            logEvent(tenant, now);
            assertThat(socket.events(2, Duration.ofSeconds(2)))
                    .extracting(e -> e.path("event_id").asLong())
                    .containsExactly(2L, 3L);
        }
        // refused after the upgrade, so that a browser can read why
        try (TestSocket refused = ((TestSocket.Open) TestSocket.open(port, "?last_event_id=-1", Map.of())).socket()) {
            assertThat(refused.closeCode(Duration.ofSeconds(5))).isEqualTo(4422);
            assertThat(refused.closeReason()).startsWith("last_event_id:");
        }
    }
}
