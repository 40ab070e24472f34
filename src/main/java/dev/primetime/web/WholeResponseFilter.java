package dev.primetime.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends a response that fits Tomcat's output buffer whole: with a {@code Content-Length} and in one write.
 *
 * <p>Jackson flushes the stream when it has written a body and Spring MVC flushes the response after a
 * {@code ResponseEntity}; a flush commits the response, so Tomcat had to send it chunked and then the closing
 * chunk on its own — two writes and two TCP segments for every JSON answer. No endpoint here streams, so an
 * explicit flush is ignored until the request ends (an endpoint that streams, such as server-sent events, would
 * have to be left out in {@link #shouldNotFilter}); a body larger than the buffer still goes out as it is written
 * (Tomcat commits when the buffer fills). WebSocket handshakes are left alone.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class WholeResponseFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // Only WebSocket: Java's HTTP client asks every plain request to upgrade to h2c, which Tomcat ignores here.
        return "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new UnflushedResponse(response));
    }

    private static final class UnflushedResponse extends HttpServletResponseWrapper {
        private ServletOutputStream stream;

        UnflushedResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                stream = new UnflushedStream(super.getOutputStream());
            }
            return stream;
        }

        @Override
        public void flushBuffer() {
            // Spring MVC flushes every ResponseEntity "so that headers go out even without a body"; Tomcat writes
            // them when the request ends anyway.
        }
    }

    private static final class UnflushedStream extends ServletOutputStream {
        private final ServletOutputStream target;

        UnflushedStream(ServletOutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            target.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
        }

        @Override
        public void write(ByteBuffer buffer) throws IOException {
            target.write(buffer);
        }

        @Override
        public void flush() {
            // Deliberately nothing: Tomcat sends the buffer when the request ends (see the class comment).
        }

        @Override
        public void close() throws IOException {
            target.close();
        }

        @Override
        public boolean isReady() {
            return target.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            target.setWriteListener(listener);
        }
    }
}
