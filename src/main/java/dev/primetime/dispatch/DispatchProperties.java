package dev.primetime.dispatch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether this instance dispatches (every instance may; claims never overlap)
 * @param pollInterval how often an idle instance looks for due items and deliveries
 * @param batchSize items claimed per schedule per transaction, and deliveries started per round
 */
@ConfigurationProperties("primetime.dispatch")
record DispatchProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("100") int batchSize) {
    DispatchProperties {
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        batchSize = batchSize <= 0 ? 100 : batchSize;
    }
}
