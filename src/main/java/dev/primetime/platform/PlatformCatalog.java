package dev.primetime.platform;

import dev.primetime.background.PeriodicJob;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platforms, read from the catalog tables ({@code platforms}, {@code platform_aliases}, {@code
 * platform_timing_data}; V19). They are shared reference data that operators change with SQL, so every instance reads
 * them at start-up and again every {@code primetime.platforms.refresh-interval} (5 s) on a thread of its own, never
 * on a request's path; requests see one consistent catalog until the next read replaces it whole. A platform whose
 * rows are incomplete or malformed (no content type yet, a window that does not parse) is left out, logged, and the
 * rest still served; a read that fails keeps the catalog it had.
 */
@Component
public class PlatformCatalog extends PeriodicJob {
    private static final Logger log = LoggerFactory.getLogger(PlatformCatalog.class);
    private final PlatformCatalogStore store;
    private final JsonMapper json;
    private final PlatformProperties properties;
    private volatile Snapshot snapshot;

    PlatformCatalog(PlatformCatalogStore store, JsonMapper json, PlatformProperties properties) {
        super("platform-catalog", properties.refreshInterval(), Pace.EVERY_INTERVAL);
        this.store = store;
        this.json = json;
        this.properties = properties;
    }

    /** One read of the catalog: platforms in catalog order, and every name a request may use for each. */
    private record Snapshot(Map<Platform, PlatformProfile> profiles, Map<String, Platform> names) {}

    /** The platforms in catalog order. */
    public List<Platform> platforms() {
        return List.copyOf(snapshot().profiles().keySet());
    }

    public List<PlatformProfile> all() {
        return List.copyOf(snapshot().profiles().values());
    }

    /** The platform a request means by {@code name}: its id or one of its aliases, in any case, trimmed. */
    public Optional<Platform> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(snapshot().names().get(name.strip().toLowerCase(Locale.ROOT)));
    }

    /** Whether the catalog has this platform now. */
    public boolean contains(Platform platform) {
        return snapshot().profiles().containsKey(platform);
    }

    /**
     * The platform's profile. For platforms this instance validated or read from rows that reference the catalog; one
     * the catalog no longer has (removed with no rows naming it) is a {@link NoSuchElementException}.
     */
    public PlatformProfile profile(Platform platform) {
        PlatformProfile profile = snapshot().profiles().get(platform);
        if (profile == null) {
            throw new NoSuchElementException("platform '" + platform + "' is not in the platform catalog");
        }
        return profile;
    }

    /** The content type's profile, or empty when the catalog has no such platform or content type. */
    public Optional<ContentTypeProfile> contentType(Platform platform, String contentType) {
        PlatformProfile profile = snapshot().profiles().get(platform);
        return profile == null ? Optional.empty() : profile.contentType(contentType);
    }

    /** For error messages: "youtube, tiktok, …, twitter (or x, twitter/x), …". */
    public String choices() {
        return snapshot().profiles().values().stream()
                .map(p -> p.aliases().isEmpty()
                        ? p.platform().id()
                        : p.platform().id() + " (or " + String.join(", ", p.aliases()) + ")")
                .collect(Collectors.joining(", "));
    }

    /** Reads the catalog now (start-up, the refresh thread, and tests that change it). */
    public void refresh() {
        Snapshot next = load();
        Snapshot previous = snapshot;
        if (previous == null || !previous.equals(next)) {
            snapshot = next; // unchanged, the objects others may have cached stay the same
            if (previous != null) {
                log.info("platform catalog changed: {}", next.profiles().keySet());
            }
        }
    }

    private Snapshot snapshot() {
        Snapshot loaded = snapshot;
        if (loaded == null) {
            synchronized (this) { // a bean that asks before start() (first use wins; start() then reads again)
                if (snapshot == null) {
                    snapshot = load();
                }
                loaded = snapshot;
            }
        }
        return loaded;
    }

    /** Reads the catalog once before anything that serves requests starts, then every refresh interval. */
    @Override
    protected void starting() {
        refresh();
        log.info(
                "platform catalog: {} platforms {}",
                snapshot.profiles().size(),
                snapshot.profiles().keySet());
    }

    @Override
    protected int round() {
        refresh();
        return 1;
    }

    @Override
    protected void failed(RuntimeException e) {
        log.warn("platform catalog not read again, the last one is kept: {}", e.toString());
    }

    /** Before the components that serve requests or run background work (default phase). */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    private Snapshot load() {
        PlatformCatalogStore.Rows rows = store.read();
        return snapshot(rows.platforms(), rows.types());
    }

    private Snapshot snapshot(
            List<PlatformCatalogStore.PlatformRow> platforms, List<PlatformCatalogStore.TypeRow> types) {
        Map<String, List<PlatformCatalogStore.TypeRow>> byPlatform = new LinkedHashMap<>();
        for (PlatformCatalogStore.TypeRow row : types) {
            byPlatform.computeIfAbsent(row.platform(), k -> new ArrayList<>()).add(row);
        }
        Map<Platform, PlatformProfile> profiles = new LinkedHashMap<>();
        Map<String, Platform> names = new LinkedHashMap<>();
        for (PlatformCatalogStore.PlatformRow row : platforms) {
            List<PlatformCatalogStore.TypeRow> rows = byPlatform.getOrDefault(row.id(), List.of());
            try {
                Platform platform = Platform.of(row.id());
                if (rows.isEmpty()) {
                    throw new IllegalArgumentException("it has no content types in platform_timing_data yet");
                }
                List<ContentTypeProfile> contentTypes = new ArrayList<>();
                for (PlatformCatalogStore.TypeRow r : rows) {
                    contentTypes.add(new ContentTypeProfile(
                            platform,
                            r.contentType(),
                            r.name(),
                            windows(r.windows()),
                            r.minPerWeek(),
                            r.maxPerWeek(),
                            r.minSpacingMinutes(),
                            WeeklyCurve.of(r.curve()),
                            Arrays.asList(r.keywords()),
                            r.maxDurationSeconds()));
                }
                profiles.put(
                        platform,
                        new PlatformProfile(
                                platform,
                                row.displayName(),
                                row.shortName(),
                                row.bestTimes(),
                                row.frequency(),
                                row.priorSource(),
                                Arrays.asList(row.aliases()),
                                contentTypes));
                names.put(platform.id(), platform);
            } catch (RuntimeException e) {
                log.warn("platform '{}' left out of the catalog: {}", row.id(), e.getMessage());
            }
        }
        for (PlatformProfile profile : profiles.values()) {
            for (String alias : profile.aliases()) {
                names.putIfAbsent(alias, profile.platform()); // an id wins over another platform's alias
            }
        }
        return new Snapshot(
                java.util.Collections.unmodifiableMap(profiles), java.util.Collections.unmodifiableMap(names));
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
        throw new IllegalArgumentException("unknown day in posting_windows: " + abbreviation);
    }
}
