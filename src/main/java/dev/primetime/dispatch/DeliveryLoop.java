package dev.primetime.dispatch;

import dev.primetime.background.PeriodicJob;
import org.springframework.stereotype.Component;

/**
 * Attempts the webhook deliveries that are due, again at once while there are some, otherwise after {@code
 * pollInterval}; on every instance that dispatches, when {@code WEBHOOK_URL} is set.
 */
@Component
class DeliveryLoop extends PeriodicJob {
    private final WebhookDeliveries deliveries;
    private final DispatchProperties properties;
    private final WebhookProperties webhook;

    DeliveryLoop(WebhookDeliveries deliveries, DispatchProperties properties, WebhookProperties webhook) {
        super("webhook-deliveries", properties.pollInterval(), Pace.AGAIN_WHILE_BUSY);
        this.deliveries = deliveries;
        this.properties = properties;
        this.webhook = webhook;
    }

    @Override
    protected boolean enabled() {
        return properties.enabled() && webhook.enabled();
    }

    @Override
    protected int round() {
        return deliveries.deliverDue(properties.batchSize());
    }
}
