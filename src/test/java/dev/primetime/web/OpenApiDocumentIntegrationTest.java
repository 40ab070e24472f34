package dev.primetime.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.IntegrationTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document as a person uses it in Swagger UI or ReDoc: parameters, the token, the order of tags. */
class OpenApiDocumentIntegrationTest extends IntegrationTest {
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private JsonNode document() {
        var response = anonymousApi().get("/openapi.json");
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    /** "GET /api/v1/scheduling/calendar/{id}" → the handler method, from Spring MVC's own mappings. */
    private Map<String, HandlerMethod> handlers() {
        Map<String, HandlerMethod> handlers = new HashMap<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            for (String pattern : info.getPatternValues()) {
                for (var verb : info.getMethodsCondition().getMethods()) {
                    handlers.put(verb.name() + " " + pattern, method);
                }
            }
        });
        return handlers;
    }

    /** What the method reads from the request: its query parameters, path variables and headers, by wire name. */
    private static Set<String> readParameters(HandlerMethod method) {
        Set<String> names = new TreeSet<>();
        for (MethodParameter p : method.getMethodParameters()) {
            p.initParameterNameDiscovery(new org.springframework.core.DefaultParameterNameDiscoverer());
            if (p.getParameterAnnotation(RequestParam.class) instanceof RequestParam a) {
                names.add("query " + name(a.name(), a.value(), p));
            } else if (p.getParameterAnnotation(PathVariable.class) instanceof PathVariable a) {
                names.add("path " + name(a.name(), a.value(), p));
            } else if (p.getParameterAnnotation(RequestHeader.class) instanceof RequestHeader a) {
                names.add("header " + name(a.name(), a.value(), p).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static String name(String name, String value, MethodParameter p) {
        return !name.isEmpty() ? name : !value.isEmpty() ? value : p.getParameterName();
    }

    @Test
    void everyDocumentedParameterIsOneTheEndpointReads() {
        Map<String, HandlerMethod> handlers = handlers();
        List<String> checked = new ArrayList<>();
        document()
                .path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    String key = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                    HandlerMethod handler = handlers.get(key);
                    if (handler == null) {
                        // the WebSocket is documented by hand (RealtimeOpenApi): no MVC handler behind it
                        assertThat(path.getKey()).as(key).endsWith("/ws");
                        return;
                    }
                    Set<String> documented = new TreeSet<>();
                    op.getValue().path("parameters").forEach(p -> {
                        String in = p.path("in").asString();
                        String name = p.path("name").asString();
                        documented.add(in + " " + (in.equals("header") ? name.toLowerCase(Locale.ROOT) : name));
                    });
                    assertThat(documented).as(key).isEqualTo(readParameters(handler));
                    checked.add(key);
                }));
        assertThat(checked).hasSizeGreaterThan(25).contains("GET /api/v1/scheduling/calendar/{id}");
        // the phantom the caller argument made: a required query object no client could fill in
        assertThat(document().toString()).doesNotContain("\"caller\"");
    }

    @Test
    void operationsNeedingATokenSayBearerAndSwaggerCanAuthorize() {
        JsonNode doc = document();
        JsonNode scheme = doc.path("components").path("securitySchemes").path("bearer");
        assertThat(scheme.path("type").asString()).isEqualTo("http");
        assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");

        JsonNode get =
                doc.path("paths").path("/api/v1/scheduling/calendar/{id}").path("get");
        assertThat(get.path("security").toString()).isEqualTo("[{\"bearer\":[]}]");
        // public: a token is optional (it is checked when sent)
        JsonNode health = doc.path("paths").path("/api/v1/scheduling/health").path("get");
        assertThat(health.path("security").toString()).isEqualTo("[{},{\"bearer\":[]}]");
        JsonNode recommendations =
                doc.path("paths").path("/api/v1/scheduling/recommendations").path("get");
        assertThat(recommendations.path("security").toString()).isEqualTo("[{},{\"bearer\":[]}]");
    }

    @Test
    void tagsComeInReadingOrderWithADescriptionEach() {
        JsonNode tags = document().path("tags");
        List<String> names = new ArrayList<>();
        tags.forEach(t -> {
            names.add(t.path("name").asString());
            assertThat(t.path("description").asString()).as(t.toString()).isNotBlank();
        });
        assertThat(names)
                .containsSubsequence(
                        "health and platforms",
                        "recommendations",
                        "calendar",
                        "optimize",
                        "engagement",
                        "trials",
                        "realtime");
        // every operation's tag is one of the listed ones
        Set<String> used = new TreeSet<>();
        document()
                .path("paths")
                .forEach(path -> path.forEach(op -> op.path("tags").forEach(t -> used.add(t.asString()))));
        assertThat(names).containsAll(used);
    }
}
