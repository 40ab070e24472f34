package dev.primetime.settings;

import dev.primetime.engagement.Objective;
import dev.primetime.platform.Platform;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The SQL of {@code tenant_settings} (one row per tenant, row level security scoping it to the caller's). */
@Component
class TenantSettingsStore {
    private final TenantTransactions transactions;
    private final JsonMapper json;

    TenantSettingsStore(TenantTransactions transactions, JsonMapper json) {
        this.transactions = transactions;
        this.json = json;
    }

    /** The caller's settings, {@link TenantSettings#NONE} when it never set any. */
    TenantSettings load(Caller caller) {
        // asked on recommendations and curves: with the claims in one round trip
        return transactions.inOneRoundTrip(
                caller,
                "SELECT audience_timezone, platform_audience_timezones::text, objective, version, updated_at"
                        + " FROM tenant_settings",
                new Object[0],
                statement -> {
                    try (var rs = statement.getResultSet()) {
                        if (!rs.next()) {
                            return TenantSettings.NONE;
                        }
                        return row(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getInt(4),
                                rs.getObject(5, OffsetDateTime.class).toInstant());
                    }
                });
    }

    /** Replaces the caller's settings (the first PUT inserts the row); returns them as stored. */
    TenantSettings upsert(JdbcClient jdbc, TenantSettings settings, Instant now) {
        Map<String, String> platforms = new LinkedHashMap<>();
        settings.platformAudienceTimezones().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> platforms.put(e.getKey().id(), e.getValue().getId()));
        return jdbc.sql("""
                        INSERT INTO tenant_settings (audience_timezone, platform_audience_timezones, objective, updated_at)
                        VALUES (?, ?::jsonb, ?, ?)
                        ON CONFLICT (tenant_id) DO UPDATE SET audience_timezone = excluded.audience_timezone,
                            platform_audience_timezones = excluded.platform_audience_timezones,
                            objective = excluded.objective, updated_at = excluded.updated_at,
                            version = tenant_settings.version + 1
                        RETURNING audience_timezone, platform_audience_timezones::text, objective, version, updated_at
                        """)
                .params(
                        settings.audienceTimezone() == null
                                ? null
                                : settings.audienceTimezone().getId(),
                        json.writeValueAsString(platforms),
                        settings.objective() == null
                                ? null
                                : settings.objective().id(),
                        now.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> row(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant()))
                .single();
    }

    private TenantSettings row(String zone, String platformsJson, String objective, int version, Instant updatedAt) {
        // keys are the catalog ids PUT /settings stored (a removed platform's stays, unused)
        Map<Platform, ZoneId> platforms = new java.util.TreeMap<>();
        JsonNode node = json.readTree(platformsJson);
        for (var entry : node.properties()) {
            platforms.put(
                    Platform.of(entry.getKey()), ZoneId.of(entry.getValue().asString()));
        }
        return new TenantSettings(
                zone == null ? null : ZoneId.of(zone),
                platforms,
                objective == null ? null : Objective.find(objective).orElse(null),
                version,
                updatedAt);
    }
}
