package dev.primetime.web;

import org.springframework.http.HttpStatus;

/** The stable error codes of the API, each with its HTTP status and the class name shown to clients. */
public enum ErrorCode {
    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "MalformedRequest"),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "AuthenticationError"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "AuthorizationError"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "NotFound"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "MethodNotAllowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "NotAcceptable"),
    CONFLICT(HttpStatus.CONFLICT, "Conflict"),
    INVALID_STATE_TRANSITION(HttpStatus.CONFLICT, "InvalidStateTransition"),
    IDEMPOTENCY_CONFLICT(HttpStatus.CONFLICT, "IdempotencyConflict"),
    PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED, "PreconditionFailed"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "PayloadTooLarge"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaType"),
    VALIDATION_ERROR(HttpStatus.UNPROCESSABLE_CONTENT, "ValidationError"),
    /**
     * An optimization's search ended without a plan that keeps every constraint, and nothing proved that none exists
     * (unlike a validation_error, whose constraints provably cannot all hold): a longer time limit may find one.
     */
    NO_FEASIBLE_PLAN_FOUND(HttpStatus.UNPROCESSABLE_CONTENT, "NoFeasiblePlanFound"),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "RateLimited"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "InternalError"),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable");

    private final HttpStatus status;
    private final String errorClass;

    ErrorCode(HttpStatus status, String errorClass) {
        this.status = status;
        this.errorClass = errorClass;
    }

    public HttpStatus status() {
        return status;
    }

    public String errorClass() {
        return errorClass;
    }

    /**
     * The code for a status someone else chose (the servlet container, an error forwarded to {@code /error}). Statuses
     * outside the documented set take the nearest documented one: 501 (Tomcat's answer to CONNECT) is a method this
     * API does not allow, 505 and other 4xx a request it cannot read, other 5xx an internal error.
     */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405, 501 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status >= 500 && status != 505 ? INTERNAL_ERROR : MALFORMED_REQUEST;
        };
    }

    /** The snake_case code clients match on. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
