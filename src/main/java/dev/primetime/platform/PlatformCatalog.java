package dev.primetime.platform;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform heuristics from {@code platform_timing_data}. The table is shared reference data that only
 * migrations change, so it is read once, on first use, and kept.
 */
@Component
public class PlatformCatalog {
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private volatile Map<Platform, PlatformProfile> profiles;

    PlatformCatalog(DataSource dataSource, JsonMapper json) {
        this.jdbc = JdbcClient.create(dataSource);
        this.json = json;
    }

    public List<PlatformProfile> all() {
        return List.copyOf(profiles().values());
    }

    public PlatformProfile profile(Platform platform) {
        return profiles().get(platform);
    }

    /** The content type's profile, or empty when the platform has no such content type. */
    public Optional<ContentTypeProfile> contentType(Platform platform, String contentType) {
        return profile(platform).contentType(contentType);
    }

    private Map<Platform, PlatformProfile> profiles() {
        Map<Platform, PlatformProfile> loaded = profiles;
        if (loaded == null) {
            synchronized (this) {
                if (profiles == null) {
                    profiles = load();
                }
                loaded = profiles;
            }
        }
        return loaded;
    }

    private record Row(
            String platform,
            String contentType,
            String platformDisplayName,
            String contentTypeName,
            String bestTimes,
            String frequency,
            String postingWindows,
            int minPerWeek,
            int maxPerWeek,
            int minSpacingMinutes,
            double[] hourOfWeekCurve) {}

    private Map<Platform, PlatformProfile> load() {
        List<Row> rows = jdbc.sql("""
                        SELECT platform, content_type, platform_display_name, content_type_name, best_times, frequency,
                               posting_windows::text AS posting_windows, min_per_week, max_per_week, min_spacing_minutes,
                               hour_of_week_curve
                        FROM platform_timing_data ORDER BY sort_order
                        """)
                .query((rs, n) -> new Row(
                        rs.getString("platform"),
                        rs.getString("content_type"),
                        rs.getString("platform_display_name"),
                        rs.getString("content_type_name"),
                        rs.getString("best_times"),
                        rs.getString("frequency"),
                        rs.getString("posting_windows"),
                        rs.getInt("min_per_week"),
                        rs.getInt("max_per_week"),
                        rs.getInt("min_spacing_minutes"),
                        curve(rs.getArray("hour_of_week_curve"))))
                .list();
        Map<Platform, List<Row>> byPlatform = new EnumMap<>(Platform.class);
        for (Row row : rows) {
            Platform platform = Platform.find(row.platform())
                    .orElseThrow(() ->
                            new IllegalStateException("unknown platform in platform_timing_data: " + row.platform()));
            byPlatform.computeIfAbsent(platform, p -> new ArrayList<>()).add(row);
        }
        Map<Platform, PlatformProfile> result = new EnumMap<>(Platform.class);
        for (Platform platform : Platform.values()) {
            List<Row> platformRows = byPlatform.get(platform);
            if (platformRows == null) {
                throw new IllegalStateException("platform_timing_data has no rows for " + platform);
            }
            Row first = platformRows.getFirst();
            List<ContentTypeProfile> types = platformRows.stream()
                    .map(r -> new ContentTypeProfile(
                            platform,
                            r.contentType(),
                            r.contentTypeName(),
                            windows(r.postingWindows()),
                            r.minPerWeek(),
                            r.maxPerWeek(),
                            r.minSpacingMinutes(),
                            WeeklyCurve.of(r.hourOfWeekCurve())))
                    .toList();
            result.put(
                    platform,
                    new PlatformProfile(
                            platform, first.platformDisplayName(), first.bestTimes(), first.frequency(), types));
        }
        return java.util.Collections.unmodifiableMap(result);
    }

    private static double[] curve(java.sql.Array array) throws java.sql.SQLException {
        Object[] boxed = (Object[]) array.getArray();
        double[] values = new double[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            values[i] = ((Number) boxed[i]).doubleValue();
        }
        return values;
    }

    private List<PostingWindow> windows(String raw) {
        List<PostingWindow> windows = new ArrayList<>();
        for (JsonNode node : json.readTree(raw)) {
            Set<DayOfWeek> days = new TreeSet<>();
            for (JsonNode day : node.get("days")) {
                days.add(day(day.asString()));
            }
            windows.add(new PostingWindow(
                    Set.copyOf(days),
                    LocalTime.parse(node.get("start").asString()),
                    LocalTime.parse(node.get("end").asString()),
                    node.get("weight").asDouble()));
        }
        return List.copyOf(windows);
    }

    private static DayOfWeek day(String abbreviation) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).equals(abbreviation.toUpperCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalStateException("unknown day in platform_timing_data: " + abbreviation);
    }
}
