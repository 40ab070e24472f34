package dev.primetime.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.IntegrationTest;
import dev.primetime.support.TestSocket;
import dev.primetime.support.TestTokens;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.Processor;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.ApplicationBufferHandler;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

class UpgradedSocketIntegrationTest extends IntegrationTest {
    @Autowired
    ServletWebServerApplicationContext context;

    @Test
    void anUpgradedSocketNoLongerHoldsTheHttpRequestItCameWith() throws Exception {
        String token = TestTokens.forTenant("upgrade-" + UUID.randomUUID(), clock);
        try (TestSocket first = TestSocket.connect(port, "?token=" + token);
                TestSocket second = TestSocket.connect(port, "?token=" + token)) {
            // The client has its 101 before Tomcat has handed the connection to the upgrade processor: wait for it.
            List<Object> handlers = readBufferHandlersOfUpgradedConnections();
            for (int i = 0; i < 100 && handlers.size() < 2; i++) {
                Thread.sleep(50);
                handlers = readBufferHandlersOfUpgradedConnections();
            }
            assertThat(handlers).hasSizeGreaterThanOrEqualTo(2);
            // Tomcat's own protocol leaves the HTTP processor's input buffer here for the socket's whole life
            assertThat(handlers).allSatisfy(handler -> assertThat(handler).isSameAs(ApplicationBufferHandler.EMPTY));
        }
    }

    // Tomcat keeps both accessors protected: a test may look inside, the service does not.
    private List<Object> readBufferHandlersOfUpgradedConnections() throws Exception {
        var protocol = ((TomcatWebServer) context.getWebServer())
                .getTomcat()
                .getConnector()
                .getProtocolHandler();
        assertThat(protocol).isInstanceOf(UpgradeReleasingHttp11Protocol.class);
        Method endpointOf = AbstractProtocol.class.getDeclaredMethod("getEndpoint");
        endpointOf.setAccessible(true);
        Method handlerOf = NioChannel.class.getDeclaredMethod("getAppReadBufHandler");
        handlerOf.setAccessible(true);
        var endpoint = (AbstractEndpoint<?, ?>) endpointOf.invoke(protocol);
        List<Object> handlers = new ArrayList<>();
        for (SocketWrapperBase<?> connection : endpoint.getConnections()) {
            if (connection.getCurrentProcessor() instanceof Processor processor
                    && processor.isUpgrade()
                    && connection.getSocket() instanceof NioChannel channel) {
                handlers.add(handlerOf.invoke(channel));
            }
        }
        return handlers;
    }
}
