package dev.primetime.dispatch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** One signed POST of a delivery's body to {@code WEBHOOK_URL}. */
@Component
class WebhookClient {
    private final WebhookProperties properties;
    private final HttpClient http;

    WebhookClient(WebhookProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    sealed interface Outcome {}

    record Accepted(int status) implements Outcome {}

    record Rejected(String error) implements Outcome {}

    Outcome post(UUID deliveryId, int attempt, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.url()))
                .timeout(properties.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "primetime-webhook")
                .header("X-Primetime-Event", "item.due")
                .header("X-Primetime-Delivery", deliveryId.toString())
                .header("X-Primetime-Attempt", Integer.toString(attempt))
                .header(WebhookSignature.HEADER, WebhookSignature.sign(properties.secret(), bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                return new Accepted(response.statusCode());
            }
            String text = response.body() == null ? "" : response.body().strip();
            return new Rejected("HTTP " + response.statusCode()
                    + (text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) : text)));
        } catch (IOException | IllegalArgumentException e) {
            return new Rejected(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Rejected("interrupted");
        }
    }
}
