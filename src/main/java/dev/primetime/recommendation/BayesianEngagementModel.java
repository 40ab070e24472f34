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
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Per tenant, the posterior of every platform and content type it has history for, kept in memory and rebuilt
 * only when the tenant's history changes: new events on this instance mark the tenant's entry stale at once; an entry
 * also expires after {@link #MAX_AGE} so events recorded through another instance are picked up. A rebuild reads the
 * tenant's posts again but refits only the platforms and content types whose posts changed: the others keep their
 * fitted posterior.
 */
@Component
class BayesianEngagementModel implements EngagementModel {
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    static final String PRIOR_VERSION = "platform-prior-v1";
    private final PriorEngagementModel prior;
    private final EngagementHistory history;
    private final Clock clock;
    private final Map<String, TenantModel> tenants = new ConcurrentHashMap<>();
    // how many posteriors were fitted, for tests that pin which rebuilds refit
    private final AtomicLong fits = new AtomicLong();

    BayesianEngagementModel(PlatformCatalog platforms, EngagementHistory history, Clock clock) {
        this.prior = new PriorEngagementModel(platforms);
        this.history = history;
        this.clock = clock;
    }

    private record Key(Platform platform, String contentType) {}

    /** What one request reads: one tenant's model (or the platform priors) as it was when the request began. */
    interface Snapshot {
        EngagementForecast forecast(Platform platform, String contentType);

        /** The tenant's posterior, or empty when it has no history on this platform and content type. */
        Optional<EngagementPosterior> posterior(Platform platform, String contentType);

        /** Which model answered: the platform prior, or the tenant's posterior and how much history it has. */
        String version();
    }

    /** A tenant's fitted posteriors; fitted lazily per platform and content type. */
    private final class TenantModel implements Snapshot {
        final Instant builtAt;
        final boolean stale;
        final Map<Key, List<EngagementPosterior.Observation>> posts;
        final Map<Key, EngagementPosterior> fitted;
        // read on every request, changed only by a new fit: its 3 × 168 curve values are computed once
        final Map<Key, EngagementForecast> forecasts;
        final String version;

        TenantModel(List<PostEngagement> all, Instant builtAt, TenantModel previous) {
            this.builtAt = builtAt;
            this.stale = false;
            this.posts = all.stream()
                    .collect(Collectors.groupingBy(
                            p -> new Key(p.platform(), p.contentType()),
                            Collectors.mapping(
                                    p -> new EngagementPosterior.Observation(p.hourOfWeek(), p.engagement()),
                                    Collectors.toList())));
            this.fitted = new ConcurrentHashMap<>();
            this.forecasts = new ConcurrentHashMap<>();
            this.version = "bayes-v2:" + all.size() + "-posts";
            if (previous != null) {
                // the same posts give the same posterior: keep what was fitted for them
                previous.fitted.forEach((key, posterior) -> {
                    if (posts.getOrDefault(key, List.of()).equals(previous.posts.get(key))) {
                        fitted.put(key, posterior);
                        EngagementForecast forecast = previous.forecasts.get(key);
                        if (forecast != null) {
                            forecasts.put(key, forecast);
                        }
                    }
                });
            }
        }

        private TenantModel(TenantModel current) {
            this.builtAt = current.builtAt;
            this.stale = true;
            this.posts = current.posts;
            this.fitted = current.fitted;
            this.forecasts = current.forecasts;
            this.version = current.version;
        }

        /** This model, to be rebuilt on its next read (its fits are kept for the rebuild to reuse). */
        TenantModel markedStale() {
            return new TenantModel(this);
        }

        boolean freshAt(Instant now) {
            return !stale && builtAt.plus(MAX_AGE).isAfter(now);
        }

        @Override
        public Optional<EngagementPosterior> posterior(Platform platform, String contentType) {
            Key key = new Key(platform, contentType);
            List<EngagementPosterior.Observation> observations = posts.get(key);
            if (observations == null || observations.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(fitted.computeIfAbsent(key, k -> {
                fits.incrementAndGet();
                return EngagementPosterior.fit(prior.curve(k.platform(), k.contentType()), observations);
            }));
        }

        @Override
        public EngagementForecast forecast(Platform platform, String contentType) {
            Key key = new Key(platform, contentType);
            EngagementForecast known = forecasts.get(key);
            if (known != null) {
                return known;
            }
            return posterior(platform, contentType)
                    .map(p -> forecasts.computeIfAbsent(
                            key,
                            k -> new EngagementForecast(
                                    k.platform(),
                                    k.contentType(),
                                    p.expected(),
                                    p.lower(),
                                    p.upper(),
                                    p.observations())))
                    .orElseGet(() -> prior.forecast(platform, contentType));
        }

        @Override
        public String version() {
            return version;
        }
    }

    /** The platform priors, for a caller without a tenant. */
    private final Snapshot priors = new Snapshot() {
        @Override
        public EngagementForecast forecast(Platform platform, String contentType) {
            return prior.forecast(platform, contentType);
        }

        @Override
        public Optional<EngagementPosterior> posterior(Platform platform, String contentType) {
            return Optional.empty();
        }

        @Override
        public String version() {
            return PRIOR_VERSION;
        }
    };

    @Override
    public EngagementForecast forecast(Optional<String> tenantId, Platform platform, String contentType) {
        return snapshot(tenantId).forecast(platform, contentType);
    }

    /** The model a request reads throughout, so its forecasts, posteriors and version come from one fit. */
    Snapshot snapshot(Optional<String> tenantId) {
        return tenantId.<Snapshot>map(this::tenant).orElse(priors);
    }

    long fits() {
        return fits.get();
    }

    private TenantModel tenant(String tenantId) {
        Instant now = clock.instant();
        TenantModel fresh = tenants.get(tenantId); // the common case, without locking the entry
        if (fresh != null && fresh.freshAt(now)) {
            return fresh;
        }
        return tenants.compute(
                tenantId,
                (id, cached) -> cached != null && cached.freshAt(now)
                        ? cached
                        : new TenantModel(history.posts(id), now, cached));
    }

    @EventListener
    void onEngagementRecorded(EngagementRecorded event) {
        tenants.computeIfPresent(event.tenantId(), (id, cached) -> cached.markedStale());
    }
}
