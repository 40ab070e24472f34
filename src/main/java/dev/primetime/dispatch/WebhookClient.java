package dev.primetime.dispatch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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

    /**
     * An accepted answer is taken at its headers, its body left unread as a stream that is then closed (a receiver
     * that keeps it open must not turn the acceptance into a timeout and a retry); a rejection's body is read as
     * its reason.
     */
    private static HttpResponse.BodySubscriber<Object> bodyByStatus(HttpResponse.ResponseInfo info) {
        if (info.statusCode() / 100 == 2) {
            return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofInputStream(), in -> in);
        }
        return HttpResponse.BodySubscribers.mapping(
                HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8), text -> text);
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
        // The request timeout covers only the wait for the response's headers: the whole exchange, body included,
        // gets the same deadline, and an accepted answer's body is not even read (a receiver that keeps it open
        // must not hold a delivery thread).
        CompletableFuture<HttpResponse<Object>> exchange = http.sendAsync(request, WebhookClient::bodyByStatus);
        try {
            HttpResponse<Object> response =
                    exchange.get(properties.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (response.statusCode() / 100 == 2) {
                if (response.body() instanceof java.io.InputStream unread) {
                    try {
                        unread.close(); // the rest of the body is dropped
                    } catch (java.io.IOException e) {
                        // nothing to keep
                    }
                }
                return new Accepted(response.statusCode());
            }
            String text = response.body() instanceof String answer ? answer.strip() : "";
            return new Rejected("HTTP " + response.statusCode()
                    + (text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) : text)));
        } catch (java.util.concurrent.TimeoutException e) {
            exchange.cancel(true);
            return new Rejected(
                    "no complete answer within " + properties.timeout().toMillis() + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Rejected(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new Rejected("interrupted");
        }
    }
}
