package dev.primetime.calendar;

import static dev.primetime.calendar.CalendarFixtures.item;
import static dev.primetime.calendar.CalendarFixtures.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class IdempotencyIntegrationTest extends IntegrationTest {
    private static final String CALENDAR = "/api/v1/scheduling/calendar";

    @Autowired
    DataSource dataSource;

    private long schedulesOf(String tenant) {
        return JdbcClient.create(dataSource)
                .sql("SELECT count(*) FROM content_calendar WHERE tenant_id = ?")
                .param(tenant)
                .query(Long.class)
                .single();
    }

    private Object body(String title) {
        return schedule(title, List.of(item("c", "youtube", clock.instant().plus(Duration.ofDays(1)))));
    }

    @Test
    void aRepeatedRequestReplaysTheFirstResponse() {
        String tenant = "idem-" + UUID.randomUUID();
        Api api = api(tenant).header("Idempotency-Key", "create-1");

        var first = api.post(CALENDAR, body("Once"));
        var second = api.post(CALENDAR, body("Once"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(schedulesOf(tenant)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIs409() {
        String tenant = "idem-" + UUID.randomUUID();
        Api api = api(tenant).header("Idempotency-Key", "create-2");
        api.post(CALENDAR, body("First"));

        var other = api.post(CALENDAR, body("Second"));

        assertThat(other.status()).isEqualTo(409);
        assertThat(other.errorCode()).isEqualTo("idempotency_conflict");
        assertThat(schedulesOf(tenant)).isEqualTo(1);
    }

    @Test
    void keysAreScopedToTheTenant() {
        String a = "idem-a-" + UUID.randomUUID();
        String b = "idem-b-" + UUID.randomUUID();
        assertThat(api(a).header("Idempotency-Key", "shared")
                        .post(CALENDAR, body("A"))
                        .status())
                .isEqualTo(201);
        var forB = api(b).header("Idempotency-Key", "shared").post(CALENDAR, body("A"));
        assertThat(forB.status()).isEqualTo(201);
        assertThat(forB.header("Idempotent-Replayed")).isNull();
        assertThat(schedulesOf(b)).isEqualTo(1);
    }

    @Test
    void keysExpireAfter24Hours() {
        String tenant = "idem-" + UUID.randomUUID();
        Api api = api(tenant).header("Idempotency-Key", "create-3");
        api.post(CALENDAR, body("Day one"));
        clock.advance(Duration.ofHours(25));
        Api later = api(tenant).header("Idempotency-Key", "create-3");

        var again = later.post(CALENDAR, body("Day one"));

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isNull();
        assertThat(schedulesOf(tenant)).isEqualTo(2);
    }

    @Test
    void concurrentRequestsWithOneKeyCreateExactlyOneSchedule() throws Exception {
        String tenant = "idem-" + UUID.randomUUID();
        Api api = api(tenant).header("Idempotency-Key", "race");
        Object body = body("Race");
        int racers = 8;
        CyclicBarrier barrier = new CyclicBarrier(racers);
        Callable<Integer> racer = () -> {
            barrier.await();
            return api.post(CALENDAR, body).status();
        };
        List<Integer> statuses;
        try (var pool = Executors.newFixedThreadPool(racers)) {
            statuses = pool.invokeAll(java.util.Collections.nCopies(racers, racer)).stream()
                    .map(f -> {
                        try {
                            return f.get();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
        }
        // each racer gets the created schedule (first or replayed) or 409 while the first is in flight; when the
        // requests happen not to overlap, all are 201
        assertThat(statuses).isSubsetOf(201, 409).contains(201);
        assertThat(schedulesOf(tenant)).isEqualTo(1);
    }

    @Test
    void aFailedRequestDoesNotConsumeTheKey() {
        String tenant = "idem-" + UUID.randomUUID();
        Api api = api(tenant).header("Idempotency-Key", "fix-and-retry");
        var invalid = api.post(CALENDAR, schedule("", List.of()));
        assertThat(invalid.status()).isEqualTo(422);
        // A 4xx is an answer and is replayed, as Stripe does; the client fixes the body under a new key.
        assertThat(api.post(CALENDAR, schedule("", List.of())).header("Idempotent-Replayed"))
                .isEqualTo("true");
    }

    @Test
    void aClaimThatNeverGotItsResponseIsAbandonedAfterTwoMinutes() {
        String tenant = "idem-" + UUID.randomUUID();
        // What an instance that died mid-request leaves behind: a claimed key without a response.
        JdbcClient.create(dataSource)
                .sql("INSERT INTO idempotency_keys (tenant_id, idempotency_key, method, path, request_hash, created_at,"
                        + " expires_at) VALUES (?, 'orphan', 'POST', '/api/v1/scheduling/calendar', 'x', ?, ?)")
                .params(
                        tenant,
                        java.sql.Timestamp.from(clock.instant()),
                        java.sql.Timestamp.from(clock.instant().plus(Duration.ofHours(24))))
                .update();
        assertThat(api(tenant)
                        .header("Idempotency-Key", "orphan")
                        .post(CALENDAR, body("Retry"))
                        .status())
                .isEqualTo(409);

        clock.advance(Duration.ofMinutes(3));

        var retried = api(tenant).header("Idempotency-Key", "orphan").post(CALENDAR, body("Retry"));
        assertThat(retried.status()).isEqualTo(201);
        assertThat(schedulesOf(tenant)).isEqualTo(1);
    }

    @Test
    void aMalformedKeyIs422() {
        var response =
                api("idem-bad").header("Idempotency-Key", "x".repeat(300)).post(CALENDAR, body("K"));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("error_message").asString()).contains("Idempotency-Key");
    }
}
