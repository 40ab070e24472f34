package dev.primetime.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes every later filter read the request the way the router does, before any of them acts.
 *
 * <p>The filters (rate limit, concurrency limit, idempotency, request log) decide by the request's path, and the
 * router matches the decoded path: {@code /api/v1/%73cheduling/calendar} was served as the calendar while the
 * filters, reading the raw path, did not see an API request at all. Here the path takes its one canonical form
 * (RFC 3986 6.2.2: letters, digits and {@code -._~} are never percent-encoded, other escapes in upper case), so
 * {@code getRequestURI()} of every later filter and of the router is the same string for every spelling of one
 * path; the paths the router or the container would read differently from the raw text (dot segments, empty
 * segments, {@code ;} parameters, an encoded {@code %}, {@code /} or {@code \}) are refused. The other things a
 * later reader could trip on are refused here as well, in the documented error shape: a query string that does not
 * decode to UTF-8, control characters in a header, and a Content-Type with a wildcard (it names no body type).
 * Being the first filter after the request id, endpoints added later get all of this without doing anything.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class CanonicalRequestFilter extends OncePerRequestFilter {
    /** The request attribute holding the canonical path, for the request log (which runs before this filter). */
    static final String PATH_ATTRIBUTE = CanonicalRequestFilter.class.getName() + ".path";

    private final ErrorResponses errors;

    CanonicalRequestFilter(ErrorResponses errors) {
        this.errors = errors;
    }

    /** Why a request was refused, and with which code. */
    record Refusal(ErrorCode code, String message) {}

    /** The path of a request, settled: its canonical spelling, or why it has none. */
    sealed interface Path {
        record Canonical(String path) implements Path {}

        record Refused(String reason) implements Path {}
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String raw = request.getRequestURI();
        Path path = canonicalPath(raw);
        if (path instanceof Path.Refused refused) {
            errors.write(request, response, ErrorCode.MALFORMED_REQUEST, refused.reason());
            return;
        }
        String canonical = ((Path.Canonical) path).path();
        request.setAttribute(PATH_ATTRIBUTE, canonical);
        Optional<Refusal> refusal =
                query(request.getQueryString()).or(() -> headers(request)).or(() -> contentType(request));
        if (refusal.isPresent()) {
            errors.write(request, response, refusal.get().code(), refusal.get().message());
            return;
        }
        chain.doFilter(canonical.equals(raw) ? request : new CanonicalPath(request, raw, canonical), response);
    }

    /**
     * The canonical spelling of a raw (still percent-encoded) request path, or why it is refused. Unreserved
     * characters ({@code A-Z a-z 0-9 - . _ ~}) that were percent-encoded are decoded, the remaining escapes are
     * written in upper case; after that the path must have no empty, {@code .} or {@code ..} segment, no {@code ;},
     * and no encoded {@code %}, {@code /}, {@code \} or control character.
     */
    static Path canonicalPath(String raw) {
        if (raw == null || raw.isEmpty() || raw.charAt(0) != '/') {
            return new Path.Refused("the request path must start with /");
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int value = i + 2 < raw.length() ? hex(raw.charAt(i + 1), raw.charAt(i + 2)) : -1;
                if (value < 0) {
                    return new Path.Refused("the request path has a '%' that is not followed by two hex digits");
                }
                i += 2;
                if (unreserved(value)) {
                    out.append((char) value);
                } else if (value == '%') {
                    return new Path.Refused("the request path has an encoded '%' (%25): paths are encoded once");
                } else if (value == '/' || value == '\\' || value < 0x20 || value == 0x7f) {
                    return new Path.Refused("the request path has an encoded '/', '\\' or control character");
                } else {
                    out.append('%').append(HEX[value >> 4]).append(HEX[value & 0xf]);
                }
            } else if (c == ';') {
                return new Path.Refused("the request path must not have ';' parameters");
            } else if (c == '\\' || c < 0x20 || c == 0x7f) {
                return new Path.Refused("the request path has a '\\' or control character");
            } else {
                out.append(c);
            }
        }
        String path = out.toString();
        // every segment after the leading '/' must name something: no '//', no '/./', no '/../' (a trailing '/'
        // leaves an empty last segment, which the router treats as a path of its own: allowed, it is not found)
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            String segment = path.substring(start, end);
            if ((segment.isEmpty() && end < path.length()) || segment.equals(".") || segment.equals("..")) {
                return new Path.Refused("the request path has an empty, '.' or '..' segment");
            }
            start = end + 1;
        }
        return new Path.Canonical(path);
    }

    /** A query string that does not decode to UTF-8 names no parameter the service could read. */
    static Optional<Refusal> query(String query) {
        if (query == null || query.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            Optional<String> decodedName = decode(name);
            if (decodedName.isEmpty()) {
                return Optional.of(malformed("the query string is not valid percent-encoded UTF-8"));
            }
            if (equals >= 0 && decode(pair.substring(equals + 1)).isEmpty()) {
                String shown = printable(decodedName.get())
                        ? "query parameter '" + decodedName.get() + "'"
                        : "a query parameter";
                return Optional.of(malformed(shown + " is not valid percent-encoded UTF-8"));
            }
        }
        return Optional.empty();
    }

    /**
     * Header values are Latin-1 text; control characters (C0 but tab, DEL, C1) in one are malformed, and Spring
     * Security's firewall rejects them when a header is read, wherever that happens (a 500 from inside a
     * controller). Refused here, up front, for every header alike.
     */
    static Optional<Refusal> headers(HttpServletRequest request) {
        Enumeration<String> names = request.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            String name = names.nextElement();
            Enumeration<String> values = request.getHeaders(name);
            while (values.hasMoreElements()) {
                String value = values.nextElement();
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
                        String shown = printable(name) && name.length() <= 64 ? "header " + name : "a header";
                        return Optional.of(malformed(shown + " has a control character"));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A body's Content-Type names one type; a wildcard ({@code *}{@code /*}, {@code application/*}) names none. */
    static Optional<Refusal> contentType(HttpServletRequest request) {
        String header = request.getContentType();
        if (header == null) {
            return Optional.empty();
        }
        try {
            MediaType type = MediaType.parseMediaType(header);
            if (type.isWildcardType() || type.isWildcardSubtype()) {
                return Optional.of(new Refusal(
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                        "Content-Type must name the body's type (application/json), not a wildcard"));
            }
        } catch (InvalidMediaTypeException e) {
            // not a media type at all: the endpoint answers 415 when it reads a body, and ignores it otherwise
        }
        return Optional.empty();
    }

    private static Refusal malformed(String message) {
        return new Refusal(ErrorCode.MALFORMED_REQUEST, message);
    }

    private static boolean printable(String s) {
        return !s.isEmpty() && s.length() <= 100 && s.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /** Percent-decodes ({@code +} is a space) and reads UTF-8 strictly; empty when either fails. */
    private static Optional<String> decode(String s) {
        if (s.indexOf('%') < 0) {
            return Optional.of(s.replace('+', ' '));
        }
        ByteBuffer bytes = ByteBuffer.allocate(s.length() * 3);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int value = i + 2 < s.length() ? hex(s.charAt(i + 1), s.charAt(i + 2)) : -1;
                if (value < 0) {
                    return Optional.empty();
                }
                bytes.put((byte) value);
                i += 2;
            } else if (c > 0x7f) {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8)); // already decoded by the container
            } else {
                bytes.put((byte) (c == '+' ? ' ' : c));
            }
        }
        bytes.flip();
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static int hex(char high, char low) {
        int h = hexDigit(high);
        int l = hexDigit(low);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static boolean unreserved(int c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }

    /** The request with its path in canonical form, for every later filter, the router and the handler. */
    private static final class CanonicalPath extends HttpServletRequestWrapper {
        private final String raw;
        private final String canonical;

        CanonicalPath(HttpServletRequest request, String raw, String canonical) {
            super(request);
            this.raw = raw;
            this.canonical = canonical;
        }

        @Override
        public String getRequestURI() {
            return canonical;
        }

        @Override
        public StringBuffer getRequestURL() {
            StringBuffer url = super.getRequestURL();
            url.setLength(url.length() - raw.length());
            return url.append(canonical);
        }
    }
}
