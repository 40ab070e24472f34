package dev.primetime.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.regex.Pattern;

/** Where a request's id lives while it is handled. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    /** The request attribute (and log field) holding the caller's tenant once it is known. */
    public static final String TENANT_ATTRIBUTE = "tenant_id";

    static final String ATTRIBUTE = RequestIds.class.getName();
    static final String MDC_KEY = "request_id";
    // A client's id is echoed only if it is short and printable, so it cannot forge log lines.
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {}

    /** The id of this request: the one the filter assigned, else a fresh one. */
    public static String of(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        if (id instanceof String s) {
            return s;
        }
        String assigned = fromClientOrNew(request.getHeader(HEADER));
        request.setAttribute(ATTRIBUTE, assigned);
        return assigned;
    }

    static String fromClientOrNew(String offered) {
        if (offered != null && ACCEPTABLE.matcher(offered).matches()) {
            return offered;
        }
        return UUID.randomUUID().toString();
    }
}
