package dev.primetime.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns every failure inside Spring MVC into the documented error body and status. */
@RestControllerAdvice
class ApiExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private final ErrorResponses errors;

    ApiExceptionHandler(ErrorResponses errors) {
        this.errors = errors;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorBody> api(ApiException e, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        e.headers().forEach(headers::set);
        return respond(e.code(), e.getMessage(), request, headers);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        if (causeOfType(e, BodyTooLargeException.class) != null) {
            return respond(ErrorCode.PAYLOAD_TOO_LARGE, "request body is larger than the limit", request);
        }
        JacksonException jackson = causeOfType(e, JacksonException.class);
        if (jackson == null) {
            return respond(ErrorCode.MALFORMED_REQUEST, "request body is missing or is not JSON", request);
        }
        if (jackson instanceof StreamConstraintsException limits) {
            return respond(ErrorCode.MALFORMED_REQUEST, JsonProblems.overLimits(limits), request);
        }
        String field = JsonPaths.of(jackson);
        if (jackson instanceof InputCoercionException && !field.isEmpty()) {
            return respond(ErrorCode.VALIDATION_ERROR, field + ": the number is out of range", request);
        }
        if (jackson instanceof StreamReadException) {
            return respond(ErrorCode.MALFORMED_REQUEST, JsonProblems.malformed(jackson), request);
        }
        if (jackson instanceof UnrecognizedPropertyException) {
            return respond(ErrorCode.VALIDATION_ERROR, field + ": unknown field", request);
        }
        if (field.isEmpty()) {
            return respond(ErrorCode.MALFORMED_REQUEST, JsonProblems.wrongShape(jackson), request);
        }
        return respond(ErrorCode.VALIDATION_ERROR, field + ": " + JsonPaths.problem(jackson), request);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ErrorBody> invalid(MethodArgumentNotValidException e, HttpServletRequest request) {
        String message = e.getBindingResult().getFieldErrors().stream()
                .map(ApiExceptionHandler::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        if (message.isEmpty()) {
            message = e.getBindingResult().getAllErrors().getFirst().getDefaultMessage();
        }
        return respond(ErrorCode.VALIDATION_ERROR, message, request);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ErrorBody> invalidParameter(HandlerMethodValidationException e, HttpServletRequest request) {
        String message = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(err -> parameterName(r.getMethodParameter()) + ": " + err.getDefaultMessage()))
                .sorted()
                .collect(Collectors.joining("; "));
        return respond(ErrorCode.VALIDATION_ERROR, message, request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ErrorBody> violated(ConstraintViolationException e, HttpServletRequest request) {
        String message = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + ": " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return respond(ErrorCode.VALIDATION_ERROR, message, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorBody> mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return respond(
                ErrorCode.VALIDATION_ERROR,
                e.getName() + ": invalid value '" + abbreviate(e.getValue()) + "'",
                request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ErrorBody> missingParameter(MissingServletRequestParameterException e, HttpServletRequest request) {
        return respond(ErrorCode.VALIDATION_ERROR, e.getParameterName() + ": is required", request);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ErrorBody> missingHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return respond(ErrorCode.VALIDATION_ERROR, e.getHeaderName() + " header: is required", request);
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<ErrorBody> noSuchPath(Exception e, HttpServletRequest request) {
        return respond(ErrorCode.NOT_FOUND, "no such path: " + request.getRequestURI(), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        if (e.getSupportedHttpMethods() != null) {
            headers.setAllow(e.getSupportedHttpMethods());
        }
        return respond(
                ErrorCode.METHOD_NOT_ALLOWED,
                e.getMethod() + " is not allowed on " + request.getRequestURI(),
                request,
                headers);
    }

    /**
     * Spring Security's firewall checks a header or parameter only when it is read, which may be inside a
     * controller; the request was malformed (CanonicalRequestFilter refuses the known cases before any of this).
     */
    @ExceptionHandler(org.springframework.security.web.firewall.RequestRejectedException.class)
    ResponseEntity<ErrorBody> rejected(Exception e, HttpServletRequest request) {
        return respond(
                ErrorCode.MALFORMED_REQUEST,
                "the request has characters that are not allowed in a header, parameter or path",
                request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return respond(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json", request);
    }

    // Written directly: content negotiation would refuse to write JSON to a client that does not accept it.
    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    void notAcceptable(
            HttpMediaTypeNotAcceptableException e,
            HttpServletRequest request,
            jakarta.servlet.http.HttpServletResponse response)
            throws java.io.IOException {
        errors.write(request, response, ErrorCode.NOT_ACCEPTABLE, "this endpoint answers application/json");
    }

    @ExceptionHandler({
        CannotCreateTransactionException.class,
        org.springframework.transaction.TransactionSystemException.class,
        DataAccessResourceFailureException.class,
        QueryTimeoutException.class,
        TransientDataAccessException.class
    })
    ResponseEntity<ErrorBody> databaseDown(Exception e, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "1");
        // Hikari's wait for a connection timed out with no failed connection attempt behind it: every pooled
        // connection was busy. Usually the database is fine then; when it went down it carries that failure - unless
        // every connection was already borrowed and hung, so no new attempt failed. Either way 503 with Retry-After.
        java.sql.SQLTransientConnectionException wait = causeOfType(e, java.sql.SQLTransientConnectionException.class);
        if (wait != null && wait.getCause() == null) {
            log.warn("no database connection free in time: {}", firstLine(e));
            return respond(
                    ErrorCode.SERVICE_UNAVAILABLE,
                    "the service is too busy to answer now; try again shortly",
                    request,
                    headers);
        }
        log.warn("database unavailable: {}", firstLine(e));
        return respond(
                ErrorCode.SERVICE_UNAVAILABLE, "the database is unavailable; try again shortly", request, headers);
    }

    /** PostgreSQL cannot store U+0000 in text: the client's input, not our failure. */
    @ExceptionHandler(org.springframework.dao.DataAccessException.class)
    ResponseEntity<ErrorBody> dataAccess(org.springframework.dao.DataAccessException e, HttpServletRequest request) {
        java.sql.SQLException sql = causeOfType(e, java.sql.SQLException.class);
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        // connection lost, server shutting down, too many connections: the database is unavailable, not us
        if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
            return databaseDown(e, request);
        }
        if (state.equals("22021") || state.equals("22P05")) {
            return respond(
                    ErrorCode.VALIDATION_ERROR, "text fields must not contain the NUL character (\\u0000)", request);
        }
        // an operator removed a platform from the catalog (V19's *_platform_in_catalog keys) after this instance,
        // which reads the catalog every few seconds, had validated the request against it
        if (state.equals("23503")
                && sql.getMessage() != null
                && sql.getMessage().contains("_platform_in_catalog")) {
            return respond(
                    ErrorCode.VALIDATION_ERROR,
                    "platform: no longer in the platform catalog (GET /platforms)",
                    request);
        }
        // a date-time the database cannot hold that no check caught: still the request's fault, not ours
        if (state.equals("22008") || state.equals("22007")) {
            // logged: a time the service computed itself would end here too
            log.warn(
                    "a date-time the database cannot hold on {} {}: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    sql.getMessage());
            return respond(
                    ErrorCode.VALIDATION_ERROR,
                    "a date-time must lie between " + DateTimeRange.EARLIEST + " and " + DateTimeRange.LATEST,
                    request);
        }
        return unexpected(e, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e, HttpServletRequest request) {
        log.error("unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(ErrorCode.INTERNAL_ERROR, "internal error; quote the request id when reporting it", request);
    }

    private static ResponseEntity<ErrorBody> respond(ErrorCode code, String message, HttpServletRequest request) {
        return respond(code, message, request, new HttpHeaders());
    }

    private static ResponseEntity<ErrorBody> respond(
            ErrorCode code, String message, HttpServletRequest request, HttpHeaders headers) {
        return ResponseEntity.status(code.status())
                .headers(headers)
                .body(ErrorBody.of(code, message, RequestIds.of(request)));
    }

    private static String describe(FieldError error) {
        return JsonPaths.snake(error.getField()) + ": " + error.getDefaultMessage();
    }

    private static String parameterName(org.springframework.core.MethodParameter parameter) {
        String name = parameter.getParameterName();
        var requestParam = parameter.getParameterAnnotation(org.springframework.web.bind.annotation.RequestParam.class);
        if (requestParam != null && !requestParam.name().isEmpty()) {
            name = requestParam.name();
        }
        return name == null ? "parameter" : name;
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return JsonPaths.snake(dot < 0 ? path : path.substring(dot + 1));
    }

    static String firstLine(Throwable e) {
        String message = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return abbreviate(newline < 0 ? message : message.substring(0, newline));
    }

    private static String abbreviate(Object value) {
        String s = String.valueOf(value);
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return (T) t;
            }
        }
        return null;
    }
}
