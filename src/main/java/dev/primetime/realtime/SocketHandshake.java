package dev.primetime.realtime;

import dev.primetime.calendar.ScheduleEventFeed;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Checks what the upgrade request says before it becomes a socket: a token ({@code token} query parameter, since
 * browsers cannot set headers, or {@code Authorization: Bearer}) that does not verify, a {@code schedule_id} that is
 * not the caller's, a malformed {@code last_event_id}. A refusal still accepts the upgrade and then closes the socket
 * with 4401, 4404 or 4422 and a reason that says what to do: a refused handshake (an HTTP 401 or 404) reaches a
 * browser's script only as a bare network error, with no status and no body. Without any token the socket opens and
 * must authenticate with its first message.
 */
@Component
class SocketHandshake implements HandshakeInterceptor {
    static final String CALLER = "primetime.caller";
    static final String EXPIRES_AT = "primetime.token-expires-at";
    static final String SCHEDULE = "primetime.schedule";
    static final String LAST_EVENT_ID = "primetime.last_event_id";
    static final String STARTS_AFTER = "primetime.starts_after";
    /** A {@link CloseStatus} the socket is closed with as soon as it opens: the handshake's refusal. */
    static final String REFUSAL = "primetime.refusal";

    static final int CLOSE_UNAUTHORIZED = 4401;
    static final int CLOSE_NOT_FOUND = 4404;
    static final int CLOSE_INVALID = 4422;
    /** First in the reason, so that a long reason cut to fit the frame still says it. */
    static final String HOW_TO_PASS_A_TOKEN = "token refused, pass a valid one as ?token=<jwt>";

    private final SocketAuth auth;
    private final ScheduleEventFeed feed;

    SocketHandshake(SocketAuth auth, ScheduleEventFeed feed) {
        this.auth = auth;
        this.feed = feed;
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attributes) {
        MultiValueMap<String, String> params =
                UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams();
        String token = param(params, "token");
        if (token == null) {
            token = SocketAuth.bearer(request.getHeaders().getFirst("Authorization"))
                    .orElse(null);
        }
        String schedule = param(params, "schedule_id");
        UUID scheduleId = null;
        if (schedule != null) {
            scheduleId = parseUuid(schedule);
            if (scheduleId == null) {
                return refuse(attributes, CLOSE_NOT_FOUND, "schedule not found: no schedule of yours has this id");
            }
            attributes.put(SCHEDULE, scheduleId);
        }
        String last = param(params, "last_event_id");
        if (last != null) {
            if (!last.matches("\\d{1,18}")) {
                return refuse(
                        attributes,
                        CLOSE_INVALID,
                        "last_event_id: must be a non-negative integer (an event_id this socket received)");
            }
            attributes.put(LAST_EVENT_ID, Long.parseLong(last));
        }
        if (token != null) {
            switch (auth.verify(token)) {
                case SocketAuth.Refused refused -> {
                    return refuse(attributes, CLOSE_UNAUTHORIZED, HOW_TO_PASS_A_TOKEN + ": " + refused.reason());
                }
                case SocketAuth.Verified verified -> {
                    var latest = feed.lastEventIdIfVisible(verified.caller(), scheduleId);
                    if (latest.isEmpty()) {
                        return refuse(
                                attributes, CLOSE_NOT_FOUND, "schedule not found: no schedule of yours has this id");
                    }
                    // the socket starts as this caller, from this event, its schedule known to be the caller's:
                    // neither is read again (an event committed meanwhile is caught up by the subscriber's replay)
                    attributes.put(CALLER, verified.caller());
                    if (verified.expiresAt() != null) {
                        attributes.put(EXPIRES_AT, verified.expiresAt());
                    }
                    attributes.put(STARTS_AFTER, latest.getAsLong());
                }
            }
        }
        return true;
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {}

    static UUID parseUuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String param(MultiValueMap<String, String> params, String name) {
        String value = params.getFirst(name);
        return value == null || value.isEmpty() ? null : UriUtils.decode(value, StandardCharsets.UTF_8);
    }

    /** Accepts the upgrade; the socket is then closed with this code and reason (see the class comment). */
    private static boolean refuse(Map<String, Object> attributes, int code, String reason) {
        attributes.put(REFUSAL, new CloseStatus(code, fit(reason)));
        return true;
    }

    /** A close frame's reason holds at most 123 bytes of UTF-8. */
    static String fit(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 123) {
            return reason;
        }
        String cut = new String(bytes, 0, 120, StandardCharsets.UTF_8);
        // a multi-byte character cut in two decodes to U+FFFD: drop it
        while (cut.getBytes(StandardCharsets.UTF_8).length > 120 || cut.endsWith("\uFFFD")) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }
}
