package dev.primetime.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform catalog's settings.
 *
 * @param refreshInterval how often each instance reads the catalog tables again: a platform an operator adds, changes
 *     or removes with SQL is served by every instance at most this long after it commits
 */
@ConfigurationProperties("primetime.platforms")
record PlatformProperties(@DefaultValue("5s") Duration refreshInterval) {
    PlatformProperties {
        refreshInterval = refreshInterval == null || refreshInterval.isNegative() || refreshInterval.isZero()
                ? Duration.ofSeconds(5)
                : refreshInterval;
    }
}
