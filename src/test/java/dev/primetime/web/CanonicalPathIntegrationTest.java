package dev.primetime.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.CapturedLogs;
import dev.primetime.support.IntegrationTest;
import dev.primetime.support.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every spelling of a path that names the same resource gets what the canonical path gets from every filter: the
 * same rate-limit bucket and headers, the same idempotency record, the same request log line, the same answer
 * (WebSocket handshakes too). Spellings that name another path (a doubled encoding, other letter case) never reach
 * an endpoint. A table: every endpoint the service maps, each spelled several ways by a seeded generator.
 */
@TestPropertySource(properties = {"primetime.rate-limit.rps=10", "primetime.rate-limit.burst=20"})
@DirtiesContext // a context of its own (the real limits), closed after the class: its pool holds connections
class CanonicalPathIntegrationTest extends IntegrationTest {
    private static final String API = "/api/v1/scheduling/";
    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    DataSource dataSource;

    private CapturedLogs requestLog;

    @BeforeEach
    void captureTheRequestLog() {
        requestLog = CapturedLogs.of("dev.primetime.requests");
    }

    @AfterEach
    void releaseTheRequestLog() {
        requestLog.close();
    }

    record Endpoint(String method, String path) {}

    /** Every HTTP endpoint under the API, its path variables filled in (unknown ids: the answer is the same 404). */
    private List<Endpoint> endpoints() {
        TreeSet<String> seen = new TreeSet<>();
        List<Endpoint> endpoints = new ArrayList<>();
        mappings.getHandlerMethods().keySet().forEach(info -> {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith(API) || pattern.equals(API + "ws")) {
                    continue;
                }
                String path = pattern.replace("{platform}", "youtube")
                        .replaceAll("\\{[^}]+}", "0b9f6a52-93a4-4d2e-9a57-4b1e0f1d2c3a");
                var methods = info.getMethodsCondition().getMethods();
                for (RequestMethod method : methods.isEmpty() ? List.of(RequestMethod.GET) : methods) {
                    if (seen.add(method + " " + path)) {
                        endpoints.add(new Endpoint(method.name(), path));
                    }
                }
            }
        });
        assertThat(endpoints).hasSizeGreaterThan(20);
        return endpoints;
    }

    /** Spellings of {@code path} that name the same resource (RFC 3986 6.2.2: percent-encoding normalization). */
    static Map<String, String> equivalentSpellings(String path, Random random) {
        Map<String, String> spellings = new LinkedHashMap<>();
        List<Integer> encodable = new ArrayList<>();
        for (int i = 0; i < path.length(); i++) {
            if (UNRESERVED.indexOf(path.charAt(i)) >= 0) {
                encodable.add(i);
            }
        }
        int one = encodable.get(random.nextInt(encodable.size()));
        spellings.put("one character encoded, lower-case hex", encode(path, i -> i == one, (c, n) -> false));
        int other = encodable.get(random.nextInt(encodable.size()));
        spellings.put("one character encoded, upper-case hex", encode(path, i -> i == other, (c, n) -> true));
        spellings.put(
                "every letter and digit encoded, mixed-case hex",
                encode(path, encodable::contains, (c, n) -> random.nextBoolean()));
        spellings.put("the 's' of scheduling encoded", path.replaceFirst("/scheduling/", "/%73cheduling/"));
        spellings.put("the 'a' of api encoded", "/%61" + path.substring(2));
        return spellings;
    }

    /** Spellings that name other paths: never served, never counted, refused or not found. */
    static Map<String, String> otherPaths(String path, Random random) {
        Map<String, String> spellings = new LinkedHashMap<>();
        int at = API.length() + random.nextInt(path.length() - API.length());
        while (UNRESERVED.indexOf(path.charAt(at)) < 0 || path.charAt(at) == '.') {
            at = API.length() + random.nextInt(path.length() - API.length());
        }
        final int doubled = at;
        spellings.put(
                "doubly encoded",
                encode(path, i -> i == doubled, (c, n) -> true).replaceFirst("%", "%25"));
        spellings.put("upper-case letters", path.replace("/scheduling/", "/Scheduling/"));
        spellings.put("upper-case prefix", path.replace("/api/v1/", "/API/V1/"));
        return spellings;
    }

    private static String encode(
            String path, java.util.function.IntPredicate which, BiFunction<Character, Integer, Boolean> upper) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (which.test(i)) {
                String hex = String.format("%02x", (int) c);
                out.append('%').append(upper.apply(c, i) ? hex.toUpperCase(Locale.ROOT) : hex);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static final String BODY = "{}";

    private Api.Response send(Api api, String method, String path, String idempotencyKey, String requestId) {
        Api client = api.header("X-Request-Id", requestId);
        if (idempotencyKey != null) {
            client = client.header("Idempotency-Key", idempotencyKey);
        }
        boolean body = method.equals("POST") || method.equals("PATCH");
        return client.send(method, path, body ? BODY : null);
    }

    @Test
    void everySpellingOfAPathMeetsTheSameRateLimitIdempotencyAndRequestLogAsTheCanonicalPath() {
        Random random = new Random(24);
        SoftAssertions soft = new SoftAssertions();
        int checked = 0;
        int recordingEndpoints = 0;
        for (Endpoint endpoint : endpoints()) {
            boolean limited = !endpoint.path().equals(API + "health");
            // whether the canonical path keeps an idempotency record (the export import is idempotent by content)
            boolean recorded = endpoint.method().equals("POST") && recordsIdempotency(endpoint);
            recordingEndpoints += recorded ? 1 : 0;
            for (var spelling : equivalentSpellings(endpoint.path(), random).entrySet()) {
                String what = endpoint.method() + " " + spelling.getValue() + " (" + spelling.getKey() + ")";
                Api api = api("spelling-" + UUID.randomUUID());
                String key = endpoint.method().equals("POST") ? "key-" + UUID.randomUUID() : null;
                String variantId = "variant-" + UUID.randomUUID();
                String canonicalId = "canonical-" + UUID.randomUUID();
                Api.Response variant = send(api, endpoint.method(), spelling.getValue(), key, variantId);
                Api.Response canonical = send(api, endpoint.method(), endpoint.path(), key, canonicalId);

                soft.assertThat(variant.status()).as(what + ": status").isEqualTo(canonical.status());
                soft.assertThat(variant.status())
                        .as(what + ": never a server error")
                        .isLessThan(500);
                if (limited) {
                    // a fresh bucket of 20: the spelling took the first token (the canonical path then takes another,
                    // but refill makes that count time-dependent; aBucketEmptiedThroughTheCanonicalPath... pins it)
                    soft.assertThat(variant.header("RateLimit-Remaining"))
                            .as(what + ": rate limited")
                            .isEqualTo("19");
                    soft.assertThat(canonical.header("RateLimit-Limit"))
                            .as(what)
                            .isEqualTo("20");
                } else {
                    soft.assertThat(variant.header("RateLimit-Remaining"))
                            .as(what + ": as unlimited as the canonical path")
                            .isEqualTo(canonical.header("RateLimit-Remaining"))
                            .isNull();
                }
                if (key != null) {
                    soft.assertThat(storedPath(key))
                            .as(what + ": idempotency record, as the canonical path keeps one or not")
                            .isEqualTo(recorded ? endpoint.path() : null);
                    soft.assertThat(canonical.header("Idempotent-Replayed"))
                            .as(what + ": the canonical retry replays it (where it keeps a record)")
                            .isEqualTo(recorded ? "true" : null);
                }
                // both requests are logged alike, with the canonical path
                soft.assertThat(linesOf(
                                Set.of(variantId, canonicalId),
                                endpoint.method() + " " + endpoint.path() + " " + variant.status() + " ",
                                2))
                        .as(what + ": request log")
                        .isEqualTo(2);
                checked++;
            }
        }
        soft.assertAll();
        assertThat(checked).isGreaterThan(100);
        assertThat(recordingEndpoints)
                .as("POST endpoints that keep idempotency records")
                .isGreaterThan(8);
    }

    @Test
    void aBucketEmptiedThroughTheCanonicalPathIsEmptyForEverySpelling() throws Exception {
        Random random = new Random(4242);
        SoftAssertions soft = new SoftAssertions();
        for (Endpoint endpoint : endpoints()) {
            if (endpoint.path().equals(API + "health")) {
                continue;
            }
            Api api = api("drained-" + UUID.randomUUID());
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(10)) {
                List<java.util.concurrent.Callable<Api.Response>> calls = java.util.Collections.nCopies(
                        20, () -> send(api, endpoint.method(), endpoint.path(), null, "drain-" + UUID.randomUUID()));
                for (var f : pool.invokeAll(calls)) {
                    f.get();
                }
            }
            for (var spelling : equivalentSpellings(endpoint.path(), random).entrySet()) {
                Api.Response variant =
                        send(api, endpoint.method(), spelling.getValue(), null, "drained-" + UUID.randomUUID());
                // refill brings back one token per 100 ms; another bucket would still hold 19
                String remaining = variant.header("RateLimit-Remaining");
                soft.assertThat(remaining == null ? Integer.MAX_VALUE : Integer.parseInt(remaining))
                        .as(endpoint.method() + " " + spelling.getValue() + " (" + spelling.getKey() + ")")
                        .isLessThan(10);
            }
        }
        soft.assertAll();
    }

    @Test
    void spellingsOfOtherPathsAreNeverServedNorCounted() {
        Random random = new Random(2424);
        SoftAssertions soft = new SoftAssertions();
        for (Endpoint endpoint : endpoints()) {
            for (var spelling : otherPaths(endpoint.path(), random).entrySet()) {
                String what = endpoint.method() + " " + spelling.getValue() + " (" + spelling.getKey() + ")";
                Api api = api("other-" + UUID.randomUUID());
                String key = endpoint.method().equals("POST") ? "key-" + UUID.randomUUID() : null;
                String requestId = "other-" + UUID.randomUUID();
                Api.Response response = send(api, endpoint.method(), spelling.getValue(), key, requestId);

                if (spelling.getKey().equals("doubly encoded")) {
                    soft.assertThat(response.status()).as(what).isEqualTo(400);
                    soft.assertThat(response.errorCode()).as(what).isEqualTo("malformed_request");
                } else {
                    soft.assertThat(response.status()).as(what).isEqualTo(404);
                    soft.assertThat(response.errorCode()).as(what).isEqualTo("not_found");
                }
                soft.assertThat(response.header("RateLimit-Remaining"))
                        .as(what + ": no bucket touched")
                        .isNull();
                if (key != null) {
                    soft.assertThat(storedPath(key))
                            .as(what + ": no idempotency record")
                            .isNull();
                }
                soft.assertThat(linesOf(
                                Set.of(requestId),
                                endpoint.method() + " " + spelling.getValue() + " " + response.status() + " ",
                                1))
                        .as(what + ": logged")
                        .isEqualTo(1);
            }
        }
        soft.assertAll();
    }

    @Test
    void aWebSocketHandshakeSpelledAnotherWayTakesFromTheSameBucket() throws Exception {
        String token = TestTokens.forTenant("socket-spelling-" + UUID.randomUUID(), clock);
        Map<String, String> spelled = handshake("/api/v1/%73cheduling/ws?token=" + token);
        assertThat(spelled.get("status")).isEqualTo("101");
        assertThat(spelled.get("ratelimit-remaining"))
                .as("limited, from a fresh bucket")
                .isEqualTo("19");

        // a handshake carries its token in the query, so it is limited by the client's address, as callers without
        // a token are: that bucket emptied through ordinary requests is empty for the spelled handshake too (refill
        // gives back one token per 100 ms; a bucket of its own would hold 19)
        Api anonymous = anonymousApi();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(10)) {
            for (var f : pool.invokeAll(java.util.Collections.nCopies(
                    20, (java.util.concurrent.Callable<Api.Response>) () -> anonymous.get(API + "platforms")))) {
                f.get();
            }
        }
        Map<String, String> drained = handshake("/api/v1/%73cheduling/ws?token=" + token);
        assertThat(Integer.parseInt(drained.get("ratelimit-remaining"))).isLessThan(10);
    }

    /** A raw upgrade request (Java's clients will not send a hand-made path): the status and headers answered. */
    private Map<String, String> handshake(String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            Map<String, String> answer = new LinkedHashMap<>();
            String[] lines = head.toString().split("\r\n");
            answer.put("status", lines[0].split(" ")[1]);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    answer.put(
                            lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).strip());
                }
            }
            return answer;
        }
    }

    /** Whether a POST to the endpoint's canonical path with an Idempotency-Key leaves a record. */
    private boolean recordsIdempotency(Endpoint endpoint) {
        String key = "probe-" + UUID.randomUUID();
        send(api("probe-" + UUID.randomUUID()), endpoint.method(), endpoint.path(), key, "probe-" + UUID.randomUUID());
        return storedPath(key) != null;
    }

    private String storedPath(String key) {
        return JdbcClient.create(dataSource)
                .sql("SELECT path FROM idempotency_keys WHERE idempotency_key = ?")
                .param(key)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    /**
     * How many request log lines of the requests {@code requestIds} start with {@code prefix} ("METHOD path status "),
     * waiting briefly for {@code expected} of them. A line is written as its request ends, which may be after the
     * client has its answer, so lines are matched by request id, not by their place in the log: the previous
     * request's line may come after the next request was sent.
     */
    private long linesOf(Set<String> requestIds, String prefix, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (true) {
            long count = requestLog.lines().stream()
                    .filter(line -> requestIds.contains(line.requestId()))
                    .filter(line -> line.message().startsWith(prefix))
                    .count();
            if (count >= expected || System.nanoTime() > deadline) {
                return count;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return count;
            }
        }
    }
}
