package dev.primetime.realtime;

import org.apache.coyote.Processor;
import org.apache.coyote.UpgradeToken;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.ApplicationBufferHandler;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's NIO connector, except that a connection upgraded to a WebSocket lets go of the HTTP request it came in
 * with. Tomcat leaves the socket's channel pointing at the HTTP processor's input buffer for the socket's whole life,
 * and through it at the processor: its request, response and buffers (about 96 KiB with our 32 KiB header limit).
 * With 1,000 sockets that was ~95 MiB of a 256 MiB heap kept for nothing (measured with a heap dump during
 * bench/realtime), enough to push the service into back-to-back full collections. An upgraded connection reads only
 * into its WebSocket frame buffer, so it needs no application read-buffer handler.
 */
public class UpgradeReleasingHttp11Protocol extends Http11NioProtocol {
    @Override
    protected Processor createUpgradeProcessor(SocketWrapperBase<?> socket, UpgradeToken upgradeToken) {
        socket.setAppReadBufHandler(ApplicationBufferHandler.EMPTY);
        return super.createUpgradeProcessor(socket, upgradeToken);
    }
}
