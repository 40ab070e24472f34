package dev.primetime.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.primetime.support.MutableClock;
import dev.primetime.support.ServiceInstance;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two instances of the service: with the Redis backend they share one bucket per tenant; in memory each has its own. */
class SharedRateLimitIntegrationTest {
    private final MutableClock clock = new MutableClock(MutableClock.START);

    private static boolean redisAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private long elapsedNanos;

    /** Statuses of {@code count} requests of one tenant, alternating between the instances. */
    private List<Integer> alternate(String backend, int count) {
        Map<String, String> props = Map.of(
                "primetime.rate-limit.backend", backend,
                "primetime.rate-limit.rps", "1",
                "primetime.rate-limit.burst", "5",
                "primetime.dispatch.enabled", "false");
        try (ServiceInstance a = ServiceInstance.start(clock, props);
                ServiceInstance b = ServiceInstance.start(clock, props)) {
            String tenant = "shared-limit-" + UUID.randomUUID();
            List<Integer> statuses = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                ServiceInstance via = i % 2 == 0 ? a : b;
                statuses.add(via.api(tenant, clock)
                        .get("/api/v1/scheduling/calendar")
                        .status());
            }
            elapsedNanos = System.nanoTime() - start;
            return statuses;
        }
    }

    @Test
    void withRedisTheInstancesShareOneBucketPerTenant() {
        assumeTrue(redisAnswers(), "Redis is not running on 127.0.0.1:6379");
        List<Integer> statuses = alternate("redis", 10);
        assertThat(statuses.subList(0, 5)).containsOnly(200);
        // one bucket of 5 for both, refilled at 1/s while the requests ran (memory would allow all 10)
        long allowed = 5 + (long) Math.ceil(elapsedNanos / 1e9);
        assertThat(statuses.stream().filter(s -> s == 200).count()).isLessThanOrEqualTo(Math.min(allowed, 9));
        assertThat(statuses).contains(429);
    }

    @Test
    void inMemoryEachInstanceCountsOnItsOwn() {
        List<Integer> statuses = alternate("memory", 10);
        assertThat(statuses).containsOnly(200); // 5 + 5: each instance allowed its own burst
    }
}
