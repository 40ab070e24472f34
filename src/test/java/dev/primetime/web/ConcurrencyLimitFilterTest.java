package dev.primetime.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class ConcurrencyLimitFilterTest {
    private final ConcurrencyLimitFilter filter = new ConcurrencyLimitFilter(
            new ServiceProperties("test", 1_048_576, 1),
            new ErrorResponses(JsonMapper.builder().build()));

    private static MockHttpServletRequest request(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setRequestURI(path);
        return request;
    }

    @Test
    void refusesARequestBeyondTheLimitWith503AndRetryAfter() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = Thread.ofVirtual().start(() -> {
            try {
                filter.doFilter(request("/api/v1/scheduling/calendar"), new MockHttpServletResponse(), (req, res) -> {
                    inside.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        MockHttpServletResponse refused = new MockHttpServletResponse();
        filter.doFilter(request("/api/v1/scheduling/calendar"), refused, (req, res) -> {});

        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentAsString()).contains("\"error_code\":\"service_unavailable\"");

        MockHttpServletResponse health = new MockHttpServletResponse();
        filter.doFilter(
                request("/api/v1/scheduling/health"),
                health,
                (req, res) -> ((jakarta.servlet.http.HttpServletResponse) res).setStatus(200));
        assertThat(health.getStatus()).isEqualTo(200);

        release.countDown();
        first.join();
        MockHttpServletResponse after = new MockHttpServletResponse();
        filter.doFilter(
                request("/api/v1/scheduling/calendar"),
                after,
                (req, res) -> ((jakarta.servlet.http.HttpServletResponse) res).setStatus(200));
        assertThat(after.getStatus()).isEqualTo(200);
    }
}
