package dev.primetime.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

class DocsAndHealthIntegrationTest extends IntegrationTest {

    @Test
    void healthReportsTheDatabaseUp() {
        var response = anonymousApi().get("/api/v1/scheduling/health");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("status").asString()).isEqualTo("ok");
        assertThat(response.json().path("database").asString()).isEqualTo("up");
        assertThat(response.json().path("time").asString())
                .isEqualTo(clock.instant().toString());
    }

    @Test
    void echoesTheClientsRequestIdOrMakesOne() {
        var echoed = anonymousApi().header("X-Request-Id", "trace-123").get("/api/v1/scheduling/health");
        assertThat(echoed.header("X-Request-Id")).isEqualTo("trace-123");
        var generated = anonymousApi().get("/api/v1/scheduling/nothing-here");
        assertThat(generated.header("X-Request-Id")).isNotBlank();
        assertThat(generated.json().path("request_id").asString()).isEqualTo(generated.header("X-Request-Id"));
    }

    @Test
    void jsonAnswersGoOutWholeWithTheirLength() {
        Api api = api("whole-response-tenant");
        var created = api.post(
                "/api/v1/scheduling/calendar",
                Map.of(
                        "title",
                        "Whole",
                        "timezone",
                        "America/New_York",
                        "items",
                        List.of(Map.of(
                                "content_id", "a", "platform", "youtube", "scheduled_time", "2030-01-07T15:00:00Z"))));
        var read = api.get(
                "/api/v1/scheduling/calendar/" + created.json().path("id").asString());
        var missing = api.get("/api/v1/scheduling/calendar/" + UUID.randomUUID());
        var recommended = anonymousApi().get("/api/v1/scheduling/recommendations?target_count=2");
        assertThat(List.of(created, read, missing, recommended))
                .as(created.body())
                .extracting(Api.Response::status)
                .containsExactly(201, 200, 404, 200);
        for (var response : List.of(created, read, missing, recommended)) {
            assertThat(response.header("Transfer-Encoding"))
                    .as(response.toString())
                    .isNull();
            assertThat(response.header("Content-Length"))
                    .isEqualTo(Integer.toString(response.body().getBytes(StandardCharsets.UTF_8).length));
        }
        // Larger than Tomcat's buffer: still sent as it is written, and whole.
        var platforms = anonymousApi().get("/api/v1/scheduling/platforms");
        assertThat(platforms.body().length()).isGreaterThan(8192);
        assertThat(platforms.json().isContainer()).isTrue();
    }

    @Test
    void swaggerUiAndRedocServeWithoutACdn() {
        var redirect = anonymousApi().get("/docs");
        assertThat(redirect.status()).isEqualTo(302);
        var swagger = anonymousApi().get(redirect.header("Location"));
        assertThat(swagger.status()).isEqualTo(200);
        assertThat(swagger.body()).contains("swagger-ui");

        var redoc = anonymousApi().get("/redoc");
        assertThat(redoc.status()).isEqualTo(200);
        assertThat(redoc.body())
                .contains("/openapi.json")
                .doesNotContain("cdn.")
                .doesNotContain("https://");
        String script = redoc.body().replaceAll("(?s).*<script src=\"([^\"]+)\".*", "$1");
        var bundle = anonymousApi().get(script);
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.body().length()).isGreaterThan(100_000);
    }

    @Test
    void theOpenApiDocumentListsEveryEndpoint(
            @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        var response = anonymousApi().get("/openapi.json");
        assertThat(response.status()).isEqualTo(200);
        JsonNode paths = response.json().path("paths");

        Set<String> documented = new TreeSet<>();
        paths.properties()
                .forEach(p -> p.getValue()
                        .properties()
                        .forEach(m -> documented.add(m.getKey().toUpperCase() + " " + p.getKey())));
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            for (String path : info.getPatternValues()) {
                if (path.startsWith("/api/")) {
                    info.getMethodsCondition().getMethods().forEach(m -> served.add(m.name() + " " + path));
                }
            }
        });
        assertThat(served).isNotEmpty();
        assertThat(documented).containsAll(served);
        assertThat(new HashSet<>(documented))
                .contains("GET /api/v1/scheduling/health", "GET /api/v1/scheduling/platforms");
    }

    @Test
    void thePageHasAStrictContentSecurityPolicyAndSendsNoReferrer() {
        var page = anonymousApi().get("/");
        assertThat(page.status()).isEqualTo(200);
        String policy = page.header("Content-Security-Policy");
        assertThat(policy)
                .isNotNull()
                .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "*");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        // the page keeps to it: every script is a file of its own, no handler or style in the markup
        assertThat(page.body()).containsPattern("<script[^>]+src=").doesNotContainPattern("<script(?![^>]*src=)[^>]*>");
        assertThat(page.body()).doesNotContainPattern("\\son[a-z]+=").doesNotContainPattern("\\sstyle=");
        for (String asset : List.of("/js/main.js", "/app.css")) {
            assertThat(anonymousApi().get(asset).header("Referrer-Policy")).isEqualTo("no-referrer");
        }
        assertThat(anonymousApi().get("/api/v1/scheduling/health").header("Referrer-Policy"))
                .isEqualTo("no-referrer");
    }

    @Test
    void theOpenApiDocumentUsesTheWireNamesOfFields() {
        JsonNode schemas =
                anonymousApi().get("/openapi.json").json().path("components").path("schemas");
        assertThat(schemas.path("PlatformView").path("properties").has("display_name"))
                .isTrue();
        assertThat(schemas.path("PlatformView").path("properties").has("displayName"))
                .isFalse();
        assertThat(schemas.path("Error").path("properties").has("error_code")).isTrue();
    }
}
