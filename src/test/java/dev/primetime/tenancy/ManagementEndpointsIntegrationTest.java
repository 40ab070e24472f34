package dev.primetime.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import dev.primetime.support.ServiceInstance;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Health (and its probes) is public; the other management endpoints (metrics, Prometheus, info) need the monitoring
 * credentials in every environment, on the service's port and on a management port of its own alike, and no series
 * is labelled per tenant.
 */
class ManagementEndpointsIntegrationTest extends IntegrationTest {
    private static final List<String> PUBLIC =
            List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness");
    private static final List<String> CLOSED = List.of(
            "/actuator/metrics",
            "/actuator/metrics/hikaricp.connections",
            "/actuator/metrics/http.server.requests",
            "/actuator/prometheus",
            "/actuator/info");

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onlyHealthIsPublicTheRestNeedsTheMonitoringCredentials() {
        for (String path : PUBLIC) {
            assertThat(anonymousApi().get(path).status()).as(path).isEqualTo(200);
        }
        api("metrics-tenant-" + UUID.randomUUID()).get("/api/v1/scheduling/calendar");
        for (String path : CLOSED) {
            for (Api refused : List.of(
                    anonymousApi(),
                    anonymousApi().header("Authorization", basic("prometheus", "not-the-password-at-all")),
                    anonymousApi().header("Authorization", basic("admin", MONITORING_PASSWORD)),
                    api("a-tenant-" + UUID.randomUUID()))) {
                Api.Response response = refused.get(path);
                assertThat(response.status()).as(path + " " + response).isEqualTo(401);
                assertThat(response.errorCode()).isEqualTo("unauthorized");
                assertThat(response.header("WWW-Authenticate")).startsWith("Basic");
            }
            assertThat(monitoringApi().get(path).status()).as(path).isEqualTo(200);
        }
        // the meter that listed tenants, whether or not anyone was limited yet
        assertThat(anonymousApi()
                        .get("/actuator/metrics/primetime.ratelimit.rejected")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void noSeriesIsLabelledPerTenant() {
        String tenant = "labelled-" + UUID.randomUUID();
        api(tenant).get("/api/v1/scheduling/calendar");
        api(tenant).get("/api/v1/scheduling/recommendations?platforms=youtube");

        String scraped = monitoringApi().get("/actuator/prometheus").body();

        assertThat(scraped).contains("http_server_requests_seconds").doesNotContain(tenant, "tenant=\"");
    }

    @Test
    void onAManagementPortOfItsOwnHealthIsPublicAndMetricsNeedTheCredentials() {
        try (ServiceInstance instance = ServiceInstance.start(
                clock, Map.of("management.server.port", "0", "primetime.management.password", MONITORING_PASSWORD))) {
            int management = Integer.parseInt(instance.bean(org.springframework.core.env.Environment.class)
                    .getProperty("local.management.port"));
            assertThat(management).isNotEqualTo(instance.port());
            Api open = new Api(management, null);
            Api monitoring = open.header("Authorization", basic("prometheus", MONITORING_PASSWORD));

            assertThat(open.get("/actuator/health").status()).isEqualTo(200);
            assertThat(open.get("/actuator/health/readiness").status()).isEqualTo(200);
            Api.Response refused = open.get("/actuator/prometheus");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
            assertThat(monitoring.get("/actuator/prometheus").status()).isEqualTo(200);
            // and the service's own port no longer serves them, to anyone
            Api service = new Api(instance.port(), null);
            assertThat(service.get("/actuator/prometheus").status()).isEqualTo(401);
            Api.Response notServed = service.header("Authorization", basic("prometheus", MONITORING_PASSWORD))
                    .get("/actuator/prometheus");
            assertThat(notServed.status()).as(notServed.toString()).isEqualTo(404);
        }
    }

    @Test
    void withoutAPasswordNoCredentialsOpenTheMetrics() {
        var closed = new ManagementSecurity.MonitoringCredentials(new ManagementProperties("prometheus", null));
        for (String password : List.of("", "null", MONITORING_PASSWORD)) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> closed.authenticate(
                            new org.springframework.security.authentication.UsernamePasswordAuthenticationToken(
                                    "prometheus", password))))
                    .isInstanceOf(org.springframework.security.authentication.BadCredentialsException.class);
        }
    }
}
