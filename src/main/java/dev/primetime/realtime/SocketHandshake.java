package dev.primetime.realtime;

import dev.primetime.calendar.ScheduleEventFeed;
import dev.primetime.web.ErrorCode;
import dev.primetime.web.ErrorResponses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Checks what the upgrade request says before it becomes a socket: a token ({@code token} query parameter, since
 * browsers cannot set headers, or {@code Authorization: Bearer}) that does not verify is refused with 401, a
 * {@code schedule_id} that is not the caller's with 404, a malformed {@code last_event_id} with 422. Without any
 * token the socket opens and must authenticate with its first message.
 */
@Component
class SocketHandshake implements HandshakeInterceptor {
    static final String CALLER = "primetime.caller";
    static final String EXPIRES_AT = "primetime.token-expires-at";
    static final String SCHEDULE = "primetime.schedule";
    static final String LAST_EVENT_ID = "primetime.last_event_id";
    static final String STARTS_AFTER = "primetime.starts_after";
    private final SocketAuth auth;
    private final ScheduleEventFeed feed;
    private final ErrorResponses errors;

    SocketHandshake(SocketAuth auth, ScheduleEventFeed feed, ErrorResponses errors) {
        this.auth = auth;
        this.feed = feed;
        this.errors = errors;
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
                return refuse(request, response, ErrorCode.NOT_FOUND, "schedule not found");
            }
            attributes.put(SCHEDULE, scheduleId);
        }
        String last = param(params, "last_event_id");
        if (last != null) {
            if (!last.matches("\\d{1,18}")) {
                return refuse(
                        request,
                        response,
                        ErrorCode.VALIDATION_ERROR,
                        "last_event_id: must be a non-negative integer (an event_id this socket received)");
            }
            attributes.put(LAST_EVENT_ID, Long.parseLong(last));
        }
        if (token != null) {
            switch (auth.verify(token)) {
                case SocketAuth.Refused refused -> {
                    return refuse(request, response, ErrorCode.UNAUTHORIZED, refused.reason());
                }
                case SocketAuth.Verified verified -> {
                    var latest = feed.lastEventIdIfVisible(verified.caller(), scheduleId);
                    if (latest.isEmpty()) {
                        return refuse(request, response, ErrorCode.NOT_FOUND, "schedule not found");
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

    private boolean refuse(ServerHttpRequest request, ServerHttpResponse response, ErrorCode code, String message) {
        if (request instanceof ServletServerHttpRequest servletRequest
                && response instanceof ServletServerHttpResponse servletResponse) {
            try {
                if (code == ErrorCode.UNAUTHORIZED) {
                    servletResponse.getServletResponse().setHeader("WWW-Authenticate", "Bearer");
                }
                errors.write(servletRequest.getServletRequest(), servletResponse.getServletResponse(), code, message);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            response.setStatusCode(code.status());
        }
        return false;
    }
}
