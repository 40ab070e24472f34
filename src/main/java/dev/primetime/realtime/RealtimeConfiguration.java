package dev.primetime.realtime;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Plain WebSocket with JSON text frames (no STOMP): the seed's browser example opens a bare {@code WebSocket}, and
 * the protocol is small (auth, subscribe, unsubscribe; then events). Any origin may connect: sockets authenticate
 * with a token, never with cookies.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class RealtimeConfiguration implements WebSocketConfigurer {
    static final String PATH = "/api/v1/scheduling/ws";
    private final RealtimeSocketHandler handler;
    private final SocketHandshake handshake;

    RealtimeConfiguration(RealtimeSocketHandler handler, SocketHandshake handshake) {
        this.handler = handler;
        this.handshake = handshake;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, PATH).addInterceptors(handshake).setAllowedOriginPatterns("*");
    }

    /** Client messages are tiny; a large one is a mistake or an attack. */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(8 * 1024);
        container.setMaxBinaryMessageBufferSize(1024);
        return container;
    }

    /** Upgraded sockets must not keep their HTTP request's buffers (see {@link UpgradeReleasingHttp11Protocol}). */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> upgradeReleasingProtocol() {
        return factory -> factory.setProtocol(UpgradeReleasingHttp11Protocol.class.getName());
    }
}
