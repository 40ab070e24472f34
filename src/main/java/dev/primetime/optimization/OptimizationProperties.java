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
 */
@Validated
@ConfigurationProperties("primetime.optimization")
record OptimizationProperties(
        @DefaultValue("30s") Duration patience,
        @DefaultValue("2") @Min(1) @Max(64) int runners) {}
