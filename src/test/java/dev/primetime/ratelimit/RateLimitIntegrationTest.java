package dev.primetime.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

// its own context (other settings): closed after the class so that its pool does not stay open for the rest of the run
@TestPropertySource(properties = {"primetime.rate-limit.rps=10", "primetime.rate-limit.burst=20"})
@DirtiesContext
class RateLimitIntegrationTest extends IntegrationTest {
    private static final String LIST = "/api/v1/scheduling/calendar?limit=10";

    private List<Api.Response> burst(Api api, int requests) throws Exception {
        Callable<Api.Response> call = () -> api.get(LIST);
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<Api.Response>> futures = pool.invokeAll(java.util.Collections.nCopies(requests, call));
            List<Api.Response> responses = new java.util.ArrayList<>();
            for (Future<Api.Response> f : futures) {
                responses.add(f.get());
            }
            return responses;
        }
    }

    @Test
    void aBurstOf40GetsSome429sWithRetryAfterAndWaitingThatLongWorks() throws Exception {
        String tenant = "limited-" + UUID.randomUUID();
        Api api = api(tenant);

        List<Api.Response> responses = burst(api, 40);

        List<Api.Response> limited =
                responses.stream().filter(r -> r.status() == 429).toList();
        assertThat(limited).isNotEmpty();
        assertThat(responses.stream().filter(r -> r.status() == 200).count()).isBetween(20L, 39L);
        Api.Response first = limited.getFirst();
        assertThat(first.errorCode()).isEqualTo("rate_limited");
        long retryAfter = Long.parseLong(first.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 2L);
        assertThat(first.header("RateLimit-Remaining")).isEqualTo("0");

        Thread.sleep(retryAfter * 1000);
        assertThat(api.get(LIST).status()).isEqualTo(200);

        String metrics = monitoringApi().get("/actuator/prometheus").body();
        assertThat(metrics).contains("primetime_ratelimit_rejected_total{caller=\"tenant\"}");
        assertThat(metrics).as("no series per tenant").doesNotContain(tenant);
    }

    @Test
    void everyResponseCarriesTheRateLimitHeaders() {
        var response = api("headers-" + UUID.randomUUID()).get(LIST);
        assertThat(response.header("RateLimit-Limit")).isEqualTo("20");
        assertThat(response.header("RateLimit-Remaining")).isEqualTo("19");
        assertThat(response.header("RateLimit-Reset")).isEqualTo("1");
    }

    @Test
    void tenantsHaveSeparateBuckets() throws Exception {
        Api noisy = api("noisy-" + UUID.randomUUID());
        burst(noisy, 40);
        assertThat(api("quiet-" + UUID.randomUUID()).get(LIST).status()).isEqualTo(200);
    }

    @Test
    void callersWithoutATokenAreLimitedByAddress() throws Exception {
        Api anonymous = anonymousApi();
        Callable<Integer> call =
                () -> anonymous.get("/api/v1/scheduling/platforms").status();
        List<Integer> statuses = new java.util.ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (Future<Integer> f : pool.invokeAll(java.util.Collections.nCopies(40, call))) {
                statuses.add(f.get());
            }
        }
        assertThat(statuses).contains(429);
        assertThat(anonymousApi().get("/api/v1/scheduling/health").status()).isEqualTo(200); // probes are never limited
    }
}
