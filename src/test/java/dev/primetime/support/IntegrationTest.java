package dev.primetime.support;

import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service on a random port against this run's own PostgreSQL database, with a settable clock and
 * both token kinds configured (HS256 secret and a local JWKS server). All integration tests share one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(IntegrationTest.TestClock.class)
public abstract class IntegrationTest {
    @LocalServerPort
    protected int port;

    @Autowired
    protected MutableClock clock;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("primetime.database.url", TestDatabase::jdbcUrlWithCredentials);
        registry.add("primetime.environment", () -> "test");
        registry.add("primetime.auth.jwt-secret", () -> TestTokens.SECRET);
        registry.add("primetime.auth.supabase-url", TestTokens::supabaseUrl);
        registry.add("primetime.auth.supabase-key", () -> TestTokens.SUPABASE_KEY);
        registry.add("primetime.management.password", () -> MONITORING_PASSWORD);
    }

    /** The monitoring credentials' password in tests (user prometheus). */
    protected static final String MONITORING_PASSWORD = "test-monitoring-password-0123456789";

    /** A client with the monitoring credentials, for the management endpoints. */
    protected Api monitoringApi() {
        return anonymousApi()
                .header(
                        "Authorization",
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString(("prometheus:" + MONITORING_PASSWORD)
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @BeforeEach
    void resetClock() {
        clock.set(MutableClock.START);
    }

    /** A client acting as {@code tenant}. */
    protected Api api(String tenant) {
        return new Api(port, TestTokens.forTenant(tenant, clock));
    }

    protected Api anonymousApi() {
        return new Api(port, null);
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class TestClock {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock(MutableClock.START);
        }
    }

    protected Clock clock() {
        return clock;
    }
}
