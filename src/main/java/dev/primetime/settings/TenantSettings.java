package dev.primetime.settings;

import dev.primetime.engagement.Objective;
import dev.primetime.platform.Platform;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's settings as stored; {@link #NONE} before its first PUT.
 *
 * @param audienceTimezone where its audience lives, for every platform without its own; null: not set
 * @param platformAudienceTimezones per platform, over {@code audienceTimezone}
 * @param objective what to rank by; null: {@link Objective#DEFAULT}
 * @param version 0 before the first PUT, then one more per PUT
 */
public record TenantSettings(
        ZoneId audienceTimezone,
        Map<Platform, ZoneId> platformAudienceTimezones,
        Objective objective,
        int version,
        Instant updatedAt) {
    public static final TenantSettings NONE = new TenantSettings(null, Map.of(), null, 0, null);

    public TenantSettings {
        platformAudienceTimezones = Map.copyOf(platformAudienceTimezones);
    }

    /** The audience zone set for a platform: its own, else the tenant's, else empty. */
    public Optional<ZoneId> audienceZone(Platform platform) {
        ZoneId own = platformAudienceTimezones.get(platform);
        return Optional.ofNullable(own != null ? own : audienceTimezone);
    }

    /** Whether the zone comes from the platform's own entry. */
    public boolean hasOwnZone(Platform platform) {
        return platformAudienceTimezones.containsKey(platform);
    }

    public Objective objectiveOrDefault() {
        return objective == null ? Objective.DEFAULT : objective;
    }
}
