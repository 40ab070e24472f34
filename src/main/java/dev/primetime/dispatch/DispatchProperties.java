package dev.primetime.dispatch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled whether this instance dispatches (every instance may; claims never overlap)
 * @param pollInterval how often an idle instance looks for due items and deliveries
 * @param batchSize items claimed per schedule per transaction, and deliveries started per round
 */
@ConfigurationProperties("primetime.dispatch")
record DispatchProperties(boolean enabled, Duration pollInterval, int batchSize) {
    DispatchProperties {
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        batchSize = batchSize <= 0 ? 100 : batchSize;
    }
}
