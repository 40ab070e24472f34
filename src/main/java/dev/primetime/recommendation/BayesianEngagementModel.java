package dev.primetime.recommendation;

import dev.primetime.engagement.EngagementHistory;
import dev.primetime.engagement.EngagementRecorded;
import dev.primetime.engagement.PostEngagement;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Per tenant, the posterior of every platform and content type it has history for, kept in memory and rebuilt
 * only when the tenant's history changes: new events on this instance drop the tenant's entry at once; an entry
 * also expires after {@link #MAX_AGE} so events recorded through another instance are picked up.
 */
@Component
class BayesianEngagementModel implements EngagementModel {
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    static final String PRIOR_VERSION = "platform-prior-v1";
    private final PriorEngagementModel prior;
    private final EngagementHistory history;
    private final Clock clock;
    private final Map<String, TenantModel> tenants = new ConcurrentHashMap<>();

    BayesianEngagementModel(PlatformCatalog platforms, EngagementHistory history, Clock clock) {
        this.prior = new PriorEngagementModel(platforms);
        this.history = history;
        this.clock = clock;
    }

    private record Key(Platform platform, String contentType) {}

    /** A tenant's fitted posteriors; fitted lazily per platform and content type. */
    private final class TenantModel {
        final Instant builtAt;
        final Map<Key, List<EngagementPosterior.Observation>> posts;
        final Map<Key, EngagementPosterior> fitted = new ConcurrentHashMap<>();
        // read on every request, changed only by a new fit: its 3 × 168 curve values are computed once
        final Map<Key, EngagementForecast> forecasts = new ConcurrentHashMap<>();
        final String version;

        TenantModel(List<PostEngagement> all, Instant builtAt) {
            this.builtAt = builtAt;
            this.posts = all.stream()
                    .collect(Collectors.groupingBy(
                            p -> new Key(p.platform(), p.contentType()),
                            Collectors.mapping(
                                    p -> new EngagementPosterior.Observation(p.hourOfWeek(), p.engagement()),
                                    Collectors.toList())));
            this.version = "bayes-v2:" + all.size() + "-posts";
        }

        Optional<EngagementPosterior> posterior(Key key) {
            List<EngagementPosterior.Observation> observations = posts.get(key);
            if (observations == null || observations.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(fitted.computeIfAbsent(
                    key, k -> EngagementPosterior.fit(prior.curve(k.platform(), k.contentType()), observations)));
        }

        Optional<EngagementForecast> forecast(Key key) {
            EngagementForecast known = forecasts.get(key);
            if (known != null) {
                return Optional.of(known);
            }
            return posterior(key)
                    .map(p -> forecasts.computeIfAbsent(
                            key,
                            k -> new EngagementForecast(
                                    k.platform(),
                                    k.contentType(),
                                    p.expected(),
                                    p.lower(),
                                    p.upper(),
                                    p.observations())));
        }
    }

    @Override
    public EngagementForecast forecast(Optional<String> tenantId, Platform platform, String contentType) {
        return tenantId.flatMap(t -> tenant(t).forecast(new Key(platform, contentType)))
                .orElseGet(() -> prior.forecast(platform, contentType));
    }

    /** The tenant's posterior, or empty when it has no history on this platform and content type. */
    Optional<EngagementPosterior> posterior(Optional<String> tenantId, Platform platform, String contentType) {
        if (tenantId.isEmpty()) {
            return Optional.empty();
        }
        return tenant(tenantId.get()).posterior(new Key(platform, contentType));
    }

    /** Which model answered: the platform prior, or the tenant's posterior and how much history it has. */
    String version(Optional<String> tenantId) {
        return tenantId.map(t -> tenant(t).version).orElse(PRIOR_VERSION);
    }

    private TenantModel tenant(String tenantId) {
        Instant now = clock.instant();
        TenantModel fresh = tenants.get(tenantId); // the common case, without locking the entry
        if (fresh != null && fresh.builtAt.plus(MAX_AGE).isAfter(now)) {
            return fresh;
        }
        return tenants.compute(
                tenantId,
                (id, cached) -> cached != null && cached.builtAt.plus(MAX_AGE).isAfter(now)
                        ? cached
                        : new TenantModel(history.posts(id), now));
    }

    @EventListener
    void onEngagementRecorded(EngagementRecorded event) {
        tenants.remove(event.tenantId());
    }
}
