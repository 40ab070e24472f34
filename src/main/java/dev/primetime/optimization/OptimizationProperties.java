package dev.primetime.optimization;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of {@code POST /optimize}.
 *
 * @param patience a run whose time limit is longer than this answers 202 with a run resource instead of holding
 *     the request open (unless the request says {@code "async": false})
 * @param runners asynchronous runs solved at once on this instance; more wait for a free runner (each solver uses
 *     one core)
 * @param runsPerTenant runs of one tenant solving at once on this instance, synchronous ones included; its further
 *     asynchronous runs wait while the runners serve other tenants in turn, and a further synchronous one gets 429
 * @param queuedPerTenant asynchronous runs of one tenant waiting for a runner on this instance; past it, 429
 */
@Validated
@ConfigurationProperties("primetime.optimization")
record OptimizationProperties(
        @DefaultValue("30s") Duration patience,
        @DefaultValue("2") @Min(1) @Max(64) int runners,
        @DefaultValue("1") @Min(1) @Max(64) int runsPerTenant,
        @DefaultValue("3") @Min(0) @Max(1000) int queuedPerTenant) {}
