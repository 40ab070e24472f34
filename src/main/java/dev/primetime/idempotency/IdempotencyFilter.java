package dev.primetime.idempotency;

import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.Callers;
import dev.primetime.web.ErrorCode;
import dev.primetime.web.ErrorResponses;
import dev.primetime.web.ServiceProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Makes every authenticated POST that carries {@code Idempotency-Key} safe to retry. The key is claimed in its
 * own committed transaction before the request runs, so a concurrent duplicate finds it taken (409) instead of
 * running twice; the response is stored when the request ends, or the claim is released if it failed with 5xx.
 */
@Component
@Order(0)
class IdempotencyFilter extends OncePerRequestFilter {
    static final String HEADER = "Idempotency-Key";
    private static final String API = "/api/v1/scheduling/";
    static final Duration RETENTION = Duration.ofHours(24);
    static final Duration IN_FLIGHT_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private final IdempotencyStore store;
    private final ErrorResponses errors;
    private final Clock clock;

    IdempotencyFilter(IdempotencyStore store, ErrorResponses errors, Clock clock) {
        this.store = store;
        this.errors = errors;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || request.getHeader(HEADER) == null
                || !request.getRequestURI().startsWith(API) // canonical (web.CanonicalRequestFilter)
                // an import's body may be hundreds of megabytes, which a replay would have to hold; the import is
                // idempotent by content instead (the same rows twice store nothing new)
                || ServiceProperties.IMPORT_PATH.equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller = Callers.of(SecurityContextHolder.getContext().getAuthentication());
        if (caller.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String key = request.getHeader(HEADER);
        if (!VALID_KEY.matcher(key).matches()) {
            errors.write(
                    request,
                    response,
                    ErrorCode.VALIDATION_ERROR,
                    "Idempotency-Key header: must be 1 to 255 printable ASCII characters");
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (IOException e) {
            errors.write(request, response, ErrorCode.PAYLOAD_TOO_LARGE, "request body is larger than the limit");
            return;
        }
        String path = request.getRequestURI();
        String hash = hash(request.getMethod(), path, body);
        Instant now = clock.instant();

        Optional<IdempotencyStore.Stored> existing =
                store.claim(caller.get(), key, request.getMethod(), path, hash, now, RETENTION, IN_FLIGHT_TIMEOUT);

        if (existing.isPresent()) {
            IdempotencyStore.Stored stored = existing.get();
            if (!stored.requestHash().equals(hash)) {
                errors.write(
                        request,
                        response,
                        ErrorCode.IDEMPOTENCY_CONFLICT,
                        "Idempotency-Key '" + key + "' was used for a different request in the last 24 hours");
            } else if (stored.status() == null) {
                errors.write(
                        request,
                        response,
                        ErrorCode.IDEMPOTENCY_CONFLICT,
                        "a request with Idempotency-Key '" + key + "' is still in progress; retry shortly");
            } else {
                response.setStatus(stored.status());
                response.setHeader("Idempotent-Replayed", "true");
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                response.getOutputStream().write(stored.body().getBytes(StandardCharsets.UTF_8));
            }
            return;
        }

        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean completed = false;
        try {
            chain.doFilter(new CachedBody(request, body), captured);
            completed = true;
        } finally {
            int status = captured.getStatus();
            if (completed && status < 500) {
                String responseBody = new String(captured.getContentAsByteArray(), StandardCharsets.UTF_8);
                store.answer(caller.get(), key, status, responseBody);
            } else {
                // A server failure is not an answer: release the key so the client's retry runs again.
                store.release(caller.get(), key);
            }
            captured.copyBodyToResponse();
        }
    }

    static String hash(String method, String path, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request with its body already read, so the controller can read it again. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
