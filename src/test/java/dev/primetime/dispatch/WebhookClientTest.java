package dev.primetime.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A receiver that answers its headers and then never finishes its body does not hold a delivery. */
class WebhookClientTest {

    /** Accepts one connection, reads the request, writes {@code head} and a little of the body, then stalls. */
    private static ServerSocket stallingReceiver(String head, CountDownLatch done) throws IOException {
        ServerSocket server = new ServerSocket(0);
        Thread.ofVirtual().start(() -> {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                in.read(new byte[64 * 1024]);
                OutputStream out = socket.getOutputStream();
                out.write((head + "partial").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                done.await();
            } catch (IOException | InterruptedException e) {
                // the client gave up: what the test wants
            }
        });
        return server;
    }

    private static WebhookClient client(int port) {
        return new WebhookClient(new WebhookProperties(
                "http://127.0.0.1:" + port + "/due", "secret", 5, null, null, Duration.ofMillis(500), null));
    }

    @Test
    void aRejectionWhoseBodyNeverEndsIsGivenUpAfterTheTimeout() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket server =
                stallingReceiver("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 1000000\r\n\r\n", done)) {
            WebhookClient.Outcome outcome = assertTimeoutPreemptively(
                    Duration.ofSeconds(10), () -> client(server.getLocalPort()).post(UUID.randomUUID(), 1, "{}"));

            assertThat(outcome)
                    .isInstanceOfSatisfying(
                            WebhookClient.Rejected.class,
                            r -> assertThat(r.error()).contains("no complete answer within 500 ms"));
        } finally {
            done.countDown();
        }
    }

    @Test
    void anAcceptanceIsTakenWithoutWaitingForItsBody() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket server = stallingReceiver("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n", done)) {
            WebhookClient.Outcome outcome = assertTimeoutPreemptively(
                    Duration.ofSeconds(10), () -> client(server.getLocalPort()).post(UUID.randomUUID(), 1, "{}"));

            assertThat(outcome).isEqualTo(new WebhookClient.Accepted(200));
        } finally {
            done.countDown();
        }
    }
}
