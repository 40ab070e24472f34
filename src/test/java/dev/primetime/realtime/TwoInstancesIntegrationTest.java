package dev.primetime.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import dev.primetime.support.ServiceInstance;
import dev.primetime.support.TestSocket;
import dev.primetime.support.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Instance A is the shared test context; B is a second instance of the service on the same database. */
class TwoInstancesIntegrationTest extends IntegrationTest {
    private static final String CALENDAR = "/api/v1/scheduling/calendar";
    private static ServiceInstance b;

    @Autowired
    DataSource dataSource;

    private ServiceInstance b() {
        if (b == null) {
            b = ServiceInstance.start(clock, Map.of("primetime.dispatch.enabled", "false"));
        }
        return b;
    }

    @AfterAll
    static void stopB() {
        if (b != null) {
            b.close();
            b = null;
        }
    }

    private String newSchedule(Api api) {
        var created = api.post(
                CALENDAR,
                Map.of(
                        "title",
                        "Two instances",
                        "timezone",
                        "UTC",
                        "items",
                        List.of(Map.of(
                                "content_id",
                                "c",
                                "platform",
                                "tiktok",
                                "scheduled_time",
                                clock.instant().plus(Duration.ofDays(1)).toString()))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    @Test
    void aChangeThroughOneInstanceReachesAClientOfTheOtherWithinASecond() {
        String tenant = "two-" + UUID.randomUUID();
        Api viaA = api(tenant);
        String schedule = newSchedule(viaA);
        String token = TestTokens.forTenant(tenant, clock);
        try (TestSocket onB = TestSocket.connect(b().port(), "?schedule_id=" + schedule + "&token=" + token)) {
            for (int i = 0; i < 5; i++) {
                long sent = System.nanoTime();
                String item = viaA.get(CALENDAR + "/" + schedule)
                        .json()
                        .path("items")
                        .get(0)
                        .path("id")
                        .asString();
                assertThat(viaA.patch(CALENDAR + "/" + schedule + "/items/" + item, Map.of("priority", i + 1))
                                .status())
                        .isEqualTo(200);
                List<JsonNode> events = onB.events(1, Duration.ofSeconds(1));
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(1));
                int priority = i + 1;
                assertThat(events).singleElement().satisfies(e -> {
                    assertThat(e.path("type").asString()).isEqualTo("item.updated");
                    assertThat(e.path("data").path("priority").asInt()).isEqualTo(priority);
                });
            }
            // and the other way round: a change through B reaches a client of A
            try (TestSocket onA = TestSocket.connect(port, "?schedule_id=" + schedule + "&token=" + token)) {
                Api viaB = new Api(b().port(), token);
                assertThat(viaB.post(CALENDAR + "/" + schedule + "/start", null).status())
                        .isEqualTo(200);
                assertThat(onA.events(2, Duration.ofSeconds(1)))
                        .extracting(e -> e.path("type").asString())
                        .containsExactly("schedule.status_changed", "item.status_changed");
            }
        }
    }

    @Test
    void aLostListenConnectionReconnectsAndDeliversWhatCommittedMeanwhile() throws Exception {
        String tenant = "relisten-" + UUID.randomUUID();
        Api api = api(tenant);
        String schedule = newSchedule(api);
        try (TestSocket socket = TestSocket.connect(
                port, "?schedule_id=" + schedule + "&token=" + TestTokens.forTenant(tenant, clock))) {
            int killed = JdbcClient.create(dataSource)
                    .sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                            + " WHERE application_name = 'primetime-event-listener' AND datname = current_database()")
                    .query(Integer.class)
                    .single();
            assertThat(killed).isPositive();
            String item = api.get(CALENDAR + "/" + schedule)
                    .json()
                    .path("items")
                    .get(0)
                    .path("id")
                    .asString();
            api.patch(CALENDAR + "/" + schedule + "/items/" + item, Map.of("priority", 42));
            assertThat(socket.events(1, Duration.ofSeconds(5)))
                    .singleElement()
                    .satisfies(e ->
                            assertThat(e.path("data").path("priority").asInt()).isEqualTo(42));
        }
    }
}
