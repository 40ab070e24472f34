package dev.primetime.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.IntegrationTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests Tomcat refuses before any filter or controller sees them still get the documented JSON error body, never
 * Tomcat's HTML page. Sent over a raw socket: HTTP clients refuse to send most of these.
 */
class ContainerErrorsIntegrationTest extends IntegrationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Raw(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private Raw send(String requestLine, String... headers) throws IOException {
        StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    private static Raw parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as("a whole HTTP response: %s", text).isPositive();
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).strip(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    /** The documented shape, with the id also in X-Request-Id, and nothing of an HTML page. */
    private static JsonNode assertJsonError(Raw response, int status, String errorCode) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().get("content-type")).startsWith("application/json");
        assertThat(response.body()).doesNotContainIgnoringCase("<html");
        JsonNode body = response.json();
        assertThat(body.path("error_code").asString()).isEqualTo(errorCode);
        assertThat(body.path("error_class").asString()).isNotBlank();
        assertThat(body.path("error_message").asString()).isNotBlank();
        assertThat(body.path("request_id").asString())
                .isEqualTo(response.headers().get("x-request-id"));
        return body;
    }

    @Test
    void anglesInThePathAreAJsonErrorThatSaysToEncodeThem() throws IOException {
        JsonNode body =
                assertJsonError(send("GET /api/v1/scheduling/calendar/<id> HTTP/1.1"), 400, "malformed_request");
        assertThat(body.path("error_message").asString()).contains("request target", "%3C");
    }

    @Test
    void anEncodedSlashIsAJsonError() throws IOException {
        JsonNode body =
                assertJsonError(send("GET /api/v1/scheduling/calendar/a%2Fb HTTP/1.1"), 400, "malformed_request");
        assertThat(body.path("error_message").asString()).contains("slash");
        assertJsonError(send("GET /api/v1/scheduling/calendar/a%5Cb HTTP/1.1"), 400, "malformed_request");
    }

    @Test
    void encodedDotSegmentsAreAJsonError() throws IOException {
        assertJsonError(send("GET /api/v1/scheduling/..%2f..%2f..%2fetc HTTP/1.1"), 400, "malformed_request");
        assertJsonError(
                send("GET /api/v1/scheduling/%2e%2e/%2e%2e/%2e%2e/etc/passwd HTTP/1.1"), 400, "malformed_request");
    }

    @Test
    void anOverLongUrlIsAJsonError() throws IOException {
        JsonNode body = assertJsonError(
                send("GET /api/v1/scheduling/health?x=" + "a".repeat(40_000) + " HTTP/1.1"), 400, "malformed_request");
        assertThat(body.path("error_message").asString()).contains("32 KB").hasSizeLessThan(600);
    }

    @Test
    void anOverLongHeaderIsAJsonError() throws IOException {
        assertJsonError(
                send("GET /api/v1/scheduling/health HTTP/1.1", "X-Padding: " + "a".repeat(40_000)),
                400,
                "malformed_request");
    }

    @Test
    void aMalformedHeaderIsAJsonError() throws IOException {
        assertJsonError(send("GET /api/v1/scheduling/health HTTP/1.1", "Bad Header: x"), 400, "malformed_request");
    }

    @Test
    void badMethodsAreJsonErrors() throws IOException {
        assertJsonError(send("G<T /api/v1/scheduling/health HTTP/1.1"), 400, "malformed_request");
        assertJsonError(send("TRACE /api/v1/scheduling/health HTTP/1.1"), 405, "method_not_allowed");
        assertJsonError(send("CONNECT localhost:8000 HTTP/1.1"), 405, "method_not_allowed");
        Raw unknown = send("FROB /api/v1/scheduling/health HTTP/1.1");
        assertThat(unknown.status()).isBetween(400, 405);
        assertThat(unknown.json().path("error_code").asString()).isIn("malformed_request", "method_not_allowed");
    }

    @Test
    void anUnknownHttpVersionIsAJsonError() throws IOException {
        assertJsonError(send("GET /api/v1/scheduling/health HTTP/3.7"), 400, "malformed_request");
    }

    @Test
    void aClientsRequestIdIsKept() throws IOException {
        // (a request line Tomcat cannot parse has no headers to take it from: those get a new id)
        Raw response = send("GET /api/v1/scheduling/calendar/a%2Fb HTTP/1.1", "X-Request-Id: trace-42");
        assertThat(assertJsonError(response, 400, "malformed_request")
                        .path("request_id")
                        .asString())
                .isEqualTo("trace-42");
    }
}
