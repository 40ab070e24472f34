package dev.primetime.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.primetime.support.Api;
import dev.primetime.support.CapturedLogs;
import dev.primetime.support.IntegrationTest;
import dev.primetime.support.TestSocket;
import dev.primetime.support.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Input no client should send still gets a documented 4xx error body, never a 500 with a stack trace in the log or
 * a 503 that blames the database: undecodable parameters, wildcard Content-Types, control bytes in headers, and
 * tokens whose tenant id the service cannot key rows by.
 */
class MalformedInputIntegrationTest extends IntegrationTest {
    private static final String API = "/api/v1/scheduling";
    private CapturedLogs logs;

    @BeforeEach
    void captureErrorLogs() {
        logs = CapturedLogs.root();
    }

    @AfterEach
    void releaseErrorLogs() {
        logs.close();
    }

    private List<String> errorLines() {
        return logs.atLeast(Level.ERROR);
    }

    /** Every query parameter of every operation the OpenAPI document lists, and the operation's path. */
    private List<String[]> queryParameters() {
        JsonNode paths = anonymousApi().get("/openapi.json").json().path("paths");
        List<String[]> parameters = new ArrayList<>();
        for (var path : paths.properties()) {
            for (var operation : path.getValue().properties()) {
                for (JsonNode parameter : operation.getValue().path("parameters")) {
                    if (parameter.path("in").asString().equals("query")) {
                        String concrete = path.getKey()
                                .replace("{platform}", "youtube")
                                .replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                        parameters.add(new String[] {
                            operation.getKey().toUpperCase(java.util.Locale.ROOT),
                            concrete,
                            parameter.path("name").asString()
                        });
                    }
                }
            }
        }
        return parameters;
    }

    @Test
    void aQueryParameterThatIsNotUtf8IsA400NamingItOnEveryEndpoint() {
        List<String[]> parameters = queryParameters();
        assertThat(parameters).hasSizeGreaterThan(20);
        SoftAssertions soft = new SoftAssertions();
        for (String[] p : parameters) {
            for (Api api : List.of(anonymousApi(), api("bad-query-" + UUID.randomUUID()))) {
                for (String value : List.of("%FF", "%C0%AF", "%ED%A0%80", "%E2%82")) {
                    String target = p[1] + "?" + p[2] + "=" + value;
                    Api.Response response = api.send(p[0], target, null);
                    soft.assertThat(response.status()).as(p[0] + " " + target).isEqualTo(400);
                    soft.assertThat(response.errorCode()).as(target).isEqualTo("malformed_request");
                    soft.assertThat(response.json().path("error_message").asString())
                            .as(target)
                            .isEqualTo("query parameter '" + p[2] + "' is not valid percent-encoded UTF-8");
                }
            }
        }
        soft.assertAll();
        assertThat(errorLines()).isEmpty();
    }

    @Test
    void aWildcardContentTypeOnABodyIsA415() {
        List<String> posts = new ArrayList<>();
        anonymousApi().get("/openapi.json").json().path("paths").properties().forEach(path -> {
            if (path.getValue().has("post") || path.getValue().has("patch")) {
                posts.add((path.getValue().has("post") ? "POST " : "PATCH ")
                        + path.getKey()
                                .replaceAll("\\{[^}]+}", UUID.randomUUID().toString()));
            }
        });
        assertThat(posts).hasSizeGreaterThan(8);
        SoftAssertions soft = new SoftAssertions();
        for (String post : posts) {
            String[] methodAndPath = post.split(" ");
            for (String type : List.of("*/*", "application/*", "*/*; q=1")) {
                Api.Response response = api("wildcard-" + UUID.randomUUID())
                        .header("Content-Type", type)
                        .send(methodAndPath[0], methodAndPath[1], "{\"title\": \"T\", \"timezone\": \"UTC\"}");
                soft.assertThat(response.status()).as(post + " " + type).isEqualTo(415);
                soft.assertThat(response.errorCode()).as(post + " " + type).isEqualTo("unsupported_media_type");
            }
        }
        soft.assertAll();
        assertThat(errorLines()).isEmpty();
    }

    @Test
    void anIfMatchWithControlBytesIsA400() throws IOException {
        String tenant = "if-match-" + UUID.randomUUID();
        Api api = api(tenant);
        String id = api.post(API + "/calendar", Map.of("title", "T", "timezone", "UTC"))
                .json()
                .path("id")
                .asString();
        for (int b = 0x80; b <= 0x9f; b += 0x0f) {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(("PATCH " + API + "/calendar/" + id + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Authorization: Bearer " + TestTokens.forTenant(tenant, clock) + "\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 13\r\nConnection: close\r\n"
                            + "If-Match: \"1")
                    .getBytes(StandardCharsets.ISO_8859_1));
            request.write(b);
            request.write("\"\r\n\r\n{\"title\":\"U\"}".getBytes(StandardCharsets.ISO_8859_1));
            String answer = raw(request.toByteArray());

            assertThat(answer).as("byte 0x%x", b).startsWith("HTTP/1.1 400");
            assertThat(answer).contains("\"error_code\":\"malformed_request\"", "header If-Match has a control");
        }
        assertThat(api.get(API + "/calendar/" + id).json().path("title").asString())
                .isEqualTo("T");
        assertThat(errorLines()).isEmpty();
    }

    private String raw(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static final String TENANT_RULE = "the token's tenant (app_metadata.tenant_id, else sub) must be 1 to 128"
            + " characters in Unicode NFC, without control, format, space, private-use, unassigned or unpaired"
            + " surrogate characters";

    /** Payload text of a token for a tenant given as JSON string content (escapes allowed). */
    private String tokenForTenantJson(String tenantJson) {
        long exp = clock.instant().getEpochSecond() + 3600;
        return TestTokens.hs256Payload("{\"sub\":\"" + UUID.randomUUID() + "\",\"aud\":\"authenticated\","
                + "\"role\":\"authenticated\",\"exp\":" + exp + ",\"app_metadata\":{\"tenant_id\":\"" + tenantJson
                + "\"}}");
    }

    @Test
    void aTenantIdTheServiceCannotKeyRowsByIsA401SayingWhatAnIdMustBe() {
        Random random = new Random(3000);
        StringBuilder incompressible = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            incompressible.append((char) ('!' + random.nextInt(90)));
        }
        String longTenant = incompressible.toString().replace("\"", "a").replace("\\", "b");
        Map<String, String> tenants = new java.util.LinkedHashMap<>();
        tenants.put("3,000 characters", longTenant);
        tenants.put("129 characters", "t".repeat(129));
        tenants.put("a NUL", "ten\\u0000ant");
        tenants.put("a line feed", "ten\\nant");
        tenants.put("a right-to-left override", "ten\\u202eant");
        tenants.put("a zero-width space", "ten\\u200bant");
        tenants.put("a space", "ten ant");
        tenants.put("decomposed (not NFC)", "cafe\\u0301");
        tenants.put("an unpaired high surrogate", "ten\\ud800ant");
        tenants.put("an unpaired low surrogate", "ten\\udc00ant");
        tenants.put("a private-use character", "ten\\ue000ant");
        SoftAssertions soft = new SoftAssertions();
        for (var tenant : tenants.entrySet()) {
            String token = tokenForTenantJson(tenant.getValue());
            Api api = new Api(port, token);
            for (Api.Response response : List.of(
                    api.get(API + "/calendar"),
                    api.get(API + "/recommendations?platforms=youtube"),
                    api.header("Idempotency-Key", "k-" + UUID.randomUUID())
                            .post(API + "/calendar", Map.of("title", "T", "timezone", "UTC")))) {
                soft.assertThat(response.status())
                        .as(tenant.getKey() + ": " + response)
                        .isEqualTo(401);
                soft.assertThat(response.json().path("error_message").asString())
                        .as(tenant.getKey())
                        .endsWith(TENANT_RULE);
            }
            // the handshake upgrades and closes the socket at once with 4401, so a browser's script sees why
            soft.assertThat(refusal(TestSocket.open(port, "?token=" + token, Map.of())))
                    .as(tenant.getKey() + ": socket")
                    .isEqualTo(4401);
        }
        soft.assertAll();
        // ids that are fine: a UUID, 128 characters, letters of any script in NFC, punctuation
        for (String fine : List.of(UUID.randomUUID().toString(), "t".repeat(128), "caf\\u00e9-東京_org:42|x@y")) {
            Api.Response response = new Api(port, tokenForTenantJson(fine)).get(API + "/calendar");
            assertThat(response.status()).as(fine + ": " + response).isEqualTo(200);
        }
        assertThat(errorLines()).isEmpty();
    }

    /** How a socket was refused: its close code, or its handshake's HTTP status; -1 when it stayed open. */
    private static int refusal(TestSocket.Opened opened) {
        if (opened instanceof TestSocket.Refused refused) {
            return refused.status();
        }
        try (TestSocket socket = ((TestSocket.Open) opened).socket()) {
            Integer code = socket.closeCode(java.time.Duration.ofSeconds(5));
            return code == null ? -1 : code;
        }
    }

    @Test
    void aMalformedBodyIsDescribedInJsonTermsNotTheParsersOwn() {
        Api api = api("json-terms-" + UUID.randomUUID());
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("{\"title\": NaN}", "malformed JSON at line 1, column 14: NaN and Infinity are not numbers in JSON");
        bodies.put(
                "{\"title\": -Infinity}",
                "malformed JSON at line 1, column 20: NaN and Infinity are not numbers in JSON");
        bodies.put("{\"title\": 01}", "malformed JSON at line 1, column 12: a number must not start with 0");
        bodies.put(
                "{'title': 1}",
                "malformed JSON at line 1, column 2: unexpected ''' where a field name in double quotes belongs");
        bodies.put(
                "{\"title\": tru}",
                "malformed JSON at line 1, column 11: unexpected 'tru' (strings need double quotes; the only bare"
                        + " words are true, false and null)");
        bodies.put(
                "{\"title\": \"a\tb\"}",
                "malformed JSON at line 1, column 13: a control character (such as a tab or newline) inside a string"
                        + " must be escaped");
        bodies.put("[1]", "request body has the wrong shape at line 1, column 1: it must be a JSON object");
        bodies.put(
                "{\"title\": \"T\", \"timezone\": \"UTC\"} {}",
                "request body has more after its JSON value at line 1, column 35; send exactly one JSON object");
        bodies.put(
                "{\"title\": \"T\", \"timezone\": \"UTC\", \"items\": [{\"content_id\": \"a\", \"platform\":"
                        + " \"youtube\", \"priority\": 99999999999999999999}]}",
                "items[0].priority: the number is out of range");
        bodies.put(
                "{\"title\": " + "1".repeat(1200) + "}",
                "request body exceeds JSON limits: a number has too many digits");
        SoftAssertions soft = new SoftAssertions();
        for (var body : bodies.entrySet()) {
            Api.Response response = api.post(API + "/calendar", body.getKey());
            soft.assertThat(response.status()).as(body.getKey()).isBetween(400, 422);
            soft.assertThat(response.json().path("error_message").asString())
                    .as(body.getKey())
                    .isEqualTo(body.getValue())
                    .doesNotContain("Feature", "`", "dev.primetime", "java.", "Jackson");
        }
        soft.assertAll();
    }
}
