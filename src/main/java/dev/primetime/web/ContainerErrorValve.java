package dev.primetime.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Answers in the documented error shape what Tomcat refuses before any filter or controller runs: a request target
 * with characters that must be percent-encoded ({@code <}, {@code >}, a space), an encoded slash or backslash, a path
 * that climbs above the root once decoded, a request line or headers over the size limit, a malformed header or method
 * name, CONNECT, an HTTP version it does not speak. Without it those get Tomcat's HTML "HTTP Status 400" page. Errors
 * that reach the application are answered by {@link FallbackErrorController} and {@link ApiExceptionHandler}; this is
 * only the container's last word.
 */
final class ContainerErrorValve extends ErrorReportValve {
    /** Tomcat's reason can quote the whole request target; enough of it to recognise, not a 32 KB echo. */
    private static final int MAX_DETAIL = 240;

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // as Tomcat's own valve: nothing below 400, nothing once a body is on its way, each error answered once
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ErrorCode code = ErrorCode.forStatus(status);
        String requestId = RequestIds.fromClientOrNew(request.getHeader(RequestIds.HEADER));
        String body = "{\"error_code\":" + quote(code.code())
                + ",\"error_message\":" + quote(message(code, status, response.getMessage(), throwable))
                + ",\"error_class\":" + quote(code.errorClass())
                + ",\"request_id\":" + quote(requestId) + "}";
        try {
            response.setStatus(code.status().value());
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setHeader(RequestIds.HEADER, requestId);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client has gone, or the response was committed meanwhile: nothing more can be said
        }
    }

    /** Tomcat's reason (shortened) with what to do about it; a general hint when Tomcat gave none. */
    static String message(ErrorCode code, int status, String containerMessage, Throwable cause) {
        String detail = containerMessage;
        if ((detail == null || detail.isBlank()) && cause != null) {
            detail = cause.getMessage();
        }
        if (status == 505) {
            return "this HTTP version is not supported; use HTTP/1.1 or HTTP/2";
        }
        if (status == 501) {
            return "this method is not supported" + (detail == null ? "" : " (" + shorten(detail) + ")");
        }
        if (status != 400) {
            return detail == null || detail.isBlank() ? code.code().replace('_', ' ') : shorten(detail);
        }
        if (detail == null || detail.isBlank()) {
            return "the request could not be read: percent-encode characters such as < > \" { } | and spaces, do not"
                    + " encode / or \\ (%2F, %5C) in a path segment, keep the request line and headers under 32 KB";
        }
        String hint = "";
        if (detail.contains("request target")) {
            hint = "; percent-encode such characters (%3C for <, %3E for >, %20 for a space)";
        } else if (detail.contains("encoded slash") || detail.contains("encoded backslash")) {
            hint = "; an id or path segment cannot contain / or \\, encoded or not";
        } else if (detail.contains("too large")) {
            hint = "; the request line and headers together may take at most 32 KB";
        } else if (detail.contains("method name")) {
            hint = "; use GET, POST, PATCH, DELETE or OPTIONS";
        }
        return "the request could not be read: " + shorten(detail) + hint;
    }

    private static String shorten(String detail) {
        String flat = detail.strip().replaceAll("\\s+", " ");
        return flat.length() > MAX_DETAIL ? flat.substring(0, MAX_DETAIL) + "…" : flat;
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
