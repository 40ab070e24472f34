package dev.primetime.web;

import java.util.Map;

/**
 * A failure that maps to one documented error response. Features throw it (or a subclass) and the
 * exception handler turns it into {@link ErrorBody}.
 */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final Map<String, String> headers;

    public ApiException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public ApiException(ErrorCode code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static ApiException validation(String field, String problem) {
        return new ApiException(ErrorCode.VALIDATION_ERROR, field + ": " + problem);
    }

    public static ApiException conflict(String message) {
        return new ApiException(ErrorCode.CONFLICT, message);
    }
}
