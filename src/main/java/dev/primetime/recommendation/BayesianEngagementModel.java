package dev.primetime.recommendation;

import dev.primetime.engagement.EngagementHistory;
import dev.primetime.engagement.EngagementRecorded;
import dev.primetime.engagement.Objective;
import dev.primetime.engagement.PostEngagement;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.platform.WeeklyCurve;
import dev.primetime.settings.SchedulingSettings;
import dev.primetime.settings.TenantSettings;
import dev.primetime.tenancy.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Per tenant, the posterior of every platform, content type, audience zone and objective it is asked for, kept in
 * memory and rebuilt only when the tenant's history changes: new events on this instance mark the tenant's entry
 * stale at once; an entry also expires after {@link #MAX_AGE} so events recorded through another instance are picked
 * up. A rebuild reads the tenant's posts again but refits only the platforms and content types whose posts changed:
 * the others keep their fitted posteriors.
 *
 * <p>The posts keep their instants; each fit reads them in the zone it is for (issue 18), so the same history asked
 * for in Los Angeles and in Kolkata is filed under each one's own hours of the week, daylight saving included.
 */
@Component
class BayesianEngagementModel implements EngagementModel {
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    static final String PRIOR_VERSION = "platform-prior-v1";
    // Fits kept per tenant: a client asking for ever new zones or objectives cannot grow a tenant's entry without
    // bound (a fit keeps about 30 KB); past this many the entry starts over.
    static final int MAX_FITS_PER_TENANT = 64;
    private final PriorEngagementModel prior;
    private final EngagementHistory history;
    private final SchedulingSettings settings;
    private final Clock clock;
    private final Map<String, TenantModel> tenants = new ConcurrentHashMap<>();
    // how many posteriors were fitted, for tests that pin which rebuilds refit
    private final AtomicLong fits = new AtomicLong();

    BayesianEngagementModel(
            PlatformCatalog platforms, EngagementHistory history, SchedulingSettings settings, Clock clock) {
        this.prior = new PriorEngagementModel(platforms);
        this.history = history;
        this.settings = settings;
        this.clock = clock;
    }

    private record Key(Platform platform, String contentType) {}

    /**
     * What a posterior was fitted for, the prior curve included: an operator's change to the platform catalog's curve
     * makes new keys, so the next read fits again rather than serving a posterior of the old prior.
     */
    private record FitKey(Platform platform, String contentType, ZoneId zone, Objective objective, WeeklyCurve prior) {
        Key posts() {
            return new Key(platform, contentType);
        }
    }

    /** What one request reads: one tenant's model (or the platform priors) as it was when the request began. */
    interface Snapshot {
        EngagementForecast forecast(Platform platform, String contentType, ZoneId zone, Objective objective);

        /** The tenant's posterior, or empty when it has no post with this objective's outcome here. */
        Optional<EngagementPosterior> posterior(
                Platform platform, String contentType, ZoneId zone, Objective objective);

        /** Which model answered: the platform prior, or the tenant's posterior and how much history it has. */
        String version();

        /** The tenant's posts on a platform and content type, whatever they reported (for explaining an answer). */
        List<PostEngagement> posts(Platform platform, String contentType);
    }

    /** A tenant's posts and the posteriors fitted on them; fitted lazily per platform, type, zone and objective. */
    private final class TenantModel implements Snapshot {
        final Instant builtAt;
        final boolean stale;
        final Map<Key, List<PostEngagement>> posts;
        final Map<FitKey, EngagementPosterior> fitted;
        // read on every request, changed only by a new fit: its curve values are computed once
        final Map<FitKey, EngagementForecast> forecasts;
        final String version;

        TenantModel(List<PostEngagement> all, Instant builtAt, TenantModel previous) {
            this.builtAt = builtAt;
            this.stale = false;
            this.posts = all.stream()
                    .collect(Collectors.groupingBy(p -> new Key(p.platform(), p.contentType()), Collectors.toList()));
            this.fitted = new ConcurrentHashMap<>();
            this.forecasts = new ConcurrentHashMap<>();
            this.version = "bayes-v3:" + all.size() + "-posts";
            if (previous != null) {
                // the same posts give the same posterior: keep what was fitted for them
                previous.fitted.forEach((key, posterior) -> {
                    if (posts.getOrDefault(key.posts(), List.of()).equals(previous.posts.get(key.posts()))) {
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
        public List<PostEngagement> posts(Platform platform, String contentType) {
            return posts.getOrDefault(new Key(platform, contentType), List.of());
        }

        @Override
        public Optional<EngagementPosterior> posterior(
                Platform platform, String contentType, ZoneId zone, Objective objective) {
            FitKey key = new FitKey(platform, contentType, zone, objective, prior.curve(platform, contentType));
            EngagementPosterior known = fitted.get(key);
            if (known != null) {
                return Optional.of(known);
            }
            List<EngagementPosterior.Observation> observations =
                    observations(posts(platform, contentType), zone, objective);
            if (observations.isEmpty()) {
                return Optional.empty();
            }
            if (fitted.size() >= MAX_FITS_PER_TENANT) {
                fitted.clear();
                forecasts.clear();
            }
            return Optional.of(fitted.computeIfAbsent(key, k -> {
                fits.incrementAndGet();
                return EngagementPosterior.fit(k.prior(), observations);
            }));
        }

        @Override
        public EngagementForecast forecast(Platform platform, String contentType, ZoneId zone, Objective objective) {
            FitKey key = new FitKey(platform, contentType, zone, objective, prior.curve(platform, contentType));
            EngagementForecast known = forecasts.get(key);
            if (known != null) {
                return known;
            }
            return posterior(platform, contentType, zone, objective)
                    .map(p -> forecasts.computeIfAbsent(key, k -> forecastOf(k, p)))
                    .orElseGet(() -> prior.forecast(platform, contentType, zone, objective));
        }

        @Override
        public String version() {
            return version;
        }
    }

    private static EngagementForecast forecastOf(FitKey k, EngagementPosterior p) {
        var expected = p.expected();
        var lower = p.lower();
        var upper = p.upper();
        double[] confidence = new double[expected.toArray().length];
        for (int s = 0; s < confidence.length; s++) {
            confidence[s] = EngagementForecast.confidence(expected.get(s), lower.get(s), upper.get(s));
        }
        return new EngagementForecast(
                k.platform(),
                k.contentType(),
                k.zone(),
                k.objective(),
                expected,
                p.predictiveLower(),
                p.predictiveUpper(),
                dev.primetime.platform.WeeklyCurve.of(confidence),
                p.observations());
    }

    /** A post's day (the drift allowance reads days apart, not calendar days: no zone needed). */
    private static final double SECONDS_PER_DAY = 86_400;

    /**
     * The posts as the model learns them for one zone and objective: each at its hour of the week in that zone (or
     * in the zone its own events named), worth its outcome; posts that reported nothing the objective needs are left
     * out. Oldest first, as the history reads them (by publish time): the fit holds the newest back to choose how far
     * the history overrides the platform prior.
     */
    static List<EngagementPosterior.Observation> observations(
            List<PostEngagement> posts, ZoneId zone, Objective objective) {
        List<EngagementPosterior.Observation> observations = new ArrayList<>(posts.size());
        for (PostEngagement post : posts) {
            OptionalDouble outcome = objective.outcome(post);
            if (outcome.isPresent()) {
                observations.add(new EngagementPosterior.Observation(
                        post.hourOfWeek(zone),
                        objective.modelScale() * outcome.getAsDouble(),
                        post.publishedAt().getEpochSecond() / SECONDS_PER_DAY));
            }
        }
        return observations;
    }

    /** The platform priors, for a caller without a tenant. */
    private final Snapshot priors = new Snapshot() {
        @Override
        public EngagementForecast forecast(Platform platform, String contentType, ZoneId zone, Objective objective) {
            return prior.forecast(platform, contentType, zone, objective);
        }

        @Override
        public Optional<EngagementPosterior> posterior(
                Platform platform, String contentType, ZoneId zone, Objective objective) {
            return Optional.empty();
        }

        @Override
        public String version() {
            return PRIOR_VERSION;
        }

        @Override
        public List<PostEngagement> posts(Platform platform, String contentType) {
            return List.of();
        }
    };

    @Override
    public ScheduleForecasts forSchedule(Caller caller, ZoneId scheduleZone, Optional<Objective> objective) {
        TenantSettings tenant = settings.of(caller);
        Objective chosen = objective.orElseGet(tenant::objectiveOrDefault);
        Snapshot snapshot = snapshot(Optional.of(caller.tenantId()));
        return (platform, contentType) -> snapshot.forecast(
                platform, contentType, tenant.audienceZone(platform).orElse(scheduleZone), chosen);
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
