package dev.primetime.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rejects request bodies over the limit (1 MiB by default) with 413: at once when Content-Length says so,
 * and while reading when a chunked body grows past it, so a large body is never buffered whole.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class BodySizeLimitFilter extends OncePerRequestFilter {
    private final long bodyLimit;
    private final long importLimit;
    /** {@code POST /calendar/{id}/items/import}: CSV of up to 10,000 items. */
    static final java.util.regex.Pattern ITEM_IMPORT_PATH =
            java.util.regex.Pattern.compile("/api/v1/scheduling/calendar/[^/]+/items/import");
    /** The largest item import: 10,000 rows of about 3 KiB. */
    public static final long ITEM_IMPORT_LIMIT = 32L * 1024 * 1024;

    private final ErrorResponses errors;

    /**
     * @param importLimit {@code primetime.max-import-bytes}: the largest body of an analytics export import ({@link
     *     ServiceProperties#IMPORT_PATH}), which is streamed row by row, never held whole
     */
    BodySizeLimitFilter(
            ServiceProperties properties,
            ErrorResponses errors,
            @org.springframework.beans.factory.annotation.Value("${primetime.max-import-bytes:268435456}")
                    long importLimit) {
        this.bodyLimit = properties.maxBodyBytes();
        this.importLimit = importLimit;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
            // no body (HTTP/1.1: neither a length nor a chunked encoding; the container reads none): nothing to
            // limit, and a request that every later filter and the router read through one wrapper fewer
            chain.doFilter(request, response);
            return;
        }
        // an export import reads its body row by row into the database, so it may be larger (bounded all the same)
        long limit = ServiceProperties.IMPORT_PATH.equals(request.getRequestURI())
                ? importLimit
                // a calendar's item import (10,000 rows at most) is read whole before anything is written
                : ITEM_IMPORT_PATH.matcher(request.getRequestURI()).matches() ? ITEM_IMPORT_LIMIT : bodyLimit;
        if (request.getContentLengthLong() > limit) {
            response.setHeader("Connection", "close");
            errors.write(
                    request,
                    response,
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "request body is " + request.getContentLengthLong() + " bytes; the limit is " + limit);
            return;
        }
        chain.doFilter(new Limited(request, limit), response);
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
