package dev.primetime.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import dev.primetime.support.TestTokens;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenIntegrationTest extends IntegrationTest {
    private static final String ME = "/api/v1/scheduling/me";

    private Api.Response me(String token) {
        return new Api(port, token).get(ME);
    }

    @Test
    void acceptsAnHs256TokenSignedWithTheProjectSecret() {
        var response = me(TestTokens.builder(clock).subject("user-1").hs256());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("tenant_id").asString()).isEqualTo("user-1");
        assertThat(response.json().path("role").asString()).isEqualTo("authenticated");
    }

    @Test
    void acceptsAnRs256TokenFromTheProjectsJwksAndSendsTheApiKey() {
        var response = me(TestTokens.builder(clock).subject("user-rsa").rs256());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("tenant_id").asString()).isEqualTo("user-rsa");
        assertThat(TestTokens.apiKeysSeenByJwksServer()).contains(TestTokens.SUPABASE_KEY);
    }

    @Test
    void acceptsAnEs256TokenFromTheProjectsJwks() {
        var response = me(TestTokens.builder(clock).subject("user-ec").es256());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void theTenantIsAppMetadataTenantIdWhenPresent() {
        var response = me(TestTokens.builder(clock)
                .subject("user-2")
                .appMetadataTenant("org-9")
                .hs256());
        assertThat(response.json().path("tenant_id").asString()).isEqualTo("org-9");
        assertThat(response.json().path("subject").asString()).isEqualTo("user-2");
    }

    static Stream<Arguments> rejectedTokens() {
        return Stream.of(
                Arguments.of("missing", (TokenMaker) (c) -> null),
                Arguments.of("not a JWT", (TokenMaker) (c) -> "not-a-token"),
                Arguments.of("wrong HS256 secret", (TokenMaker)
                        (c) -> TestTokens.builder(c).hs256("another-secret-that-is-also-32-bytes-long!!")),
                Arguments.of(
                        "alg none", (TokenMaker) (c) -> TestTokens.builder(c).unsigned()),
                Arguments.of("RS256 with a key the JWKS does not have", (TokenMaker)
                        (c) -> TestTokens.builder(c).rs256WithUnknownKey()),
                Arguments.of("expired", (TokenMaker) (c) -> TestTokens.builder(c)
                        .expiresAt(c.instant().minus(Duration.ofMinutes(5)))
                        .hs256()),
                Arguments.of("no expiry", (TokenMaker)
                        (c) -> TestTokens.builder(c).expiresAt(null).hs256()),
                Arguments.of("wrong audience", (TokenMaker)
                        (c) -> TestTokens.builder(c).audience("someone-else").hs256()),
                Arguments.of("tampered payload", (TokenMaker)
                        (c) -> tamper(TestTokens.builder(c).hs256())));
    }

    interface TokenMaker {
        String make(java.time.Clock clock);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedTokens")
    void rejectsWith401(String why, TokenMaker maker) {
        var response = me(maker.make(clock));
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.errorCode()).isEqualTo("unauthorized");
        assertThat(response.json().path("error_class").asString()).isEqualTo("AuthenticationError");
        assertThat(response.json().path("request_id").asString()).isNotBlank();
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void anonRoleIsForbiddenOnProtectedEndpoints() {
        var response = me(TestTokens.builder(clock).role("anon").hs256());
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.errorCode()).isEqualTo("forbidden");
    }

    @ParameterizedTest(name = "role \"{0}\"")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"anon", "", "postgres"})
    void aTokenWhoseRoleMayNotUseTheApiIsRefusedOnThePublicRecommendationsToo(String role) {
        var builder = TestTokens.builder(clock).appMetadataTenant("role-less-tenant");
        String token = (role.isEmpty() ? builder.noRole() : builder.role(role)).hs256();
        for (String path : java.util.List.of(
                "/api/v1/scheduling/recommendations?platforms=youtube&target_count=2",
                "/api/v1/scheduling/recommendations/curve?platform=youtube")) {
            var response = new Api(port, token).get(path);

            assertThat(response.status()).as(path + ": " + response).isEqualTo(403);
            assertThat(response.errorCode()).isEqualTo("forbidden");
        }
        // nothing was answered or stored as the token's tenant
        assertThat(org.springframework.jdbc.core.simple.JdbcClient.create(dataSource)
                        .sql("SELECT count(*) FROM recommended_schedule_slots WHERE tenant_id = 'role-less-tenant'")
                        .query(Long.class)
                        .single())
                .isZero();
        // without any token the same endpoints give the public answer
        var anonymous = anonymousApi().get("/api/v1/scheduling/recommendations?platforms=youtube&target_count=2");
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().path("basis").asString()).isEqualTo("platform_defaults");
    }

    @org.springframework.beans.factory.annotation.Autowired
    javax.sql.DataSource dataSource;

    @Test
    void publicEndpointsNeedNoToken() {
        assertThat(anonymousApi().get("/api/v1/scheduling/health").status()).isEqualTo(200);
        assertThat(anonymousApi().get("/api/v1/scheduling/platforms").status()).isEqualTo(200);
    }

    @Test
    void aTokenExpiresWhenTheClockPassesItsExpiry() {
        String token = TestTokens.builder(clock).hs256();
        assertThat(me(token).status()).isEqualTo(200);
        clock.advance(Duration.ofHours(2));
        assertThat(me(token).status()).isEqualTo(401);
    }

    private static String tamper(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(
                        java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                .replace("tenant-a", "tenant-b");
        return parts[0] + "."
                + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + parts[2];
    }
}
