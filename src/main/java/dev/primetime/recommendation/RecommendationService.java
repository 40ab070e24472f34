package dev.primetime.recommendation;

import dev.primetime.calendar.CalendarItems;
import dev.primetime.engagement.Objective;
import dev.primetime.engagement.PostEngagement;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.platform.WeeklyCurve;
import dev.primetime.recommendation.RecommendationViews.Slot;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import dev.primetime.web.ApiException;
import dev.primetime.web.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntFunction;
import org.springframework.stereotype.Service;

/**
 * Picks the best upcoming hours per platform from the engagement model and explains each one.
 *
 * <p>Why one class of this size (about 580 lines): ranking, picking with gaps and explaining a request's slots all
 * read the same query and forecasts, and the pick is one algorithm (its static parts are what the tests and
 * bench/recommendation-quality call); the statistics live in {@link EngagementPosterior}, the slot SQL in
 * {@link RecommendedSlotStore}.
 */
@Service
class RecommendationService {
    private final BayesianEngagementModel model;
    private final PlatformCatalog platforms;
    private final CalendarItems calendar;
    private final TenantTransactions transactions;
    private final RecommendedSlotStore slotStore;
    private final Clock clock;

    RecommendationService(
            BayesianEngagementModel model,
            PlatformCatalog platforms,
            CalendarItems calendar,
            TenantTransactions transactions,
            RecommendedSlotStore slotStore,
            Clock clock) {
        this.model = model;
        this.platforms = platforms;
        this.calendar = calendar;
        this.transactions = transactions;
        this.slotStore = slotStore;
        this.clock = clock;
    }

    /**
     * A validated request.
     *
     * @param zone the answer's zone: the window's hours start on its full hours
     * @param audiences per target, where its audience is: its history is read and its hours chosen in that zone
     */
    record Query(
            List<PlatformTarget> targets,
            int targetCount,
            ZoneId zone,
            List<Audiences.Audience> audiences,
            Objective objective,
            Instant start,
            Instant end,
            Double minGapHours,
            Exploration exploration) {}

    /** Whether and how explore=true tries hours the model is unsure of. */
    enum Exploration {
        /** Not exploring: the hours with the best expected engagement. */
        NONE,
        /** Each slot the best hour of its own posterior draw (explore=true's default, as issue 4 asks). */
        THOMPSON,
        /**
         * Confidence bounds (LUCB, Kalyanakrishnan et al., "PAC Subset Selection in Stochastic Multi-armed Bandits",
         * ICML 2012): what a tenant needs is the right set of best hours, so alternately try the hour outside the
         * unexplored answer that could most beat it (highest upper bound) and the answer's hour least sure to
         * belong there (lowest lower bound).
         */
        BOUNDS
    }

    record PlatformTarget(Platform platform, String contentType) {}

    /**
     * One chosen hour.
     *
     * @param score the expected engagement there relative to the platform's best hour
     */
    record Candidate(PlatformTarget target, Instant at, int slot, double score, EngagementForecast forecast) {}

    /**
     * Exploring draws from the posterior with its spread halved ("posterior reshaping", which Chapelle and Li, "An
     * Empirical Evaluation of Thompson Sampling", NIPS 2011, compare at 2, 1, 0.5 and 0.25). A tenant posts a few
     * times a week, so each draw that chases a far-fetched hour costs a week's evidence. bench/recommendation-quality
     * at 8 weeks (400 runs): 88.0 -> 88.7%, on a second seed set 88.0 -> 88.4%; other spreads on the same loop
     * (two seed sets): 0.7 88.7 / 88.2%, 0.35 88.5 / 88.5%, 1.5 87.6% (one set, 200 runs); never exploring 86.6%.
     * (Measured before EngagementPosterior's DAY_SD was narrowed; since then 89.0%.)
     */
    static final double EXPLORATION_SPREAD = 0.5;

    RecommendationViews.RecommendationList recommend(Optional<Caller> caller, Query query, String objectiveSource) {
        Optional<String> tenant = caller.map(Caller::tenantId);
        Instant now = clock.instant();
        SplittableRandom random = new SplittableRandom(seed(tenant, now));
        // one model throughout: a history change during the request cannot mix two fits or versions
        BayesianEngagementModel.Snapshot snapshot = model.snapshot(tenant);
        Instant first = localHourAtOrAfter(max(query.start(), now), query.zone());
        // The window's hours, and per audience zone their hour-of-week slots in it, computed once for all platforms.
        long window = Duration.between(first, query.end()).toNanos();
        long hourNanos = Duration.ofHours(1).toNanos();
        int hours = window <= 0 ? 0 : (int) ((window + hourNanos - 1) / hourNanos);
        int platformCount = query.targets().size();
        int[][] slotOfHour = new int[platformCount][];
        java.util.Map<ZoneId, int[]> slotsByZone = new java.util.HashMap<>();
        for (int p = 0; p < platformCount; p++) {
            slotOfHour[p] = slotsByZone.computeIfAbsent(query.audiences().get(p).zone(), zone -> {
                int[] slots = new int[hours];
                for (int h = 0; h < hours; h++) {
                    slots[h] = WeeklyCurve.slot(first.plus(Duration.ofHours(h)), zone);
                }
                return slots;
            });
        }
        EngagementForecast[] forecasts = new EngagementForecast[platformCount];
        double[][] rank = new double[platformCount][];
        int[] gapHours = new int[platformCount];
        boolean history = false;
        List<Optional<EngagementPosterior>> explored = new ArrayList<>();
        Sequence[] sequences = new Sequence[platformCount];
        for (int p = 0; p < platformCount; p++) {
            PlatformTarget target = query.targets().get(p);
            ZoneId zone = query.audiences().get(p).zone();
            EngagementForecast forecast =
                    snapshot.forecast(target.platform(), target.contentType(), zone, query.objective());
            forecasts[p] = forecast;
            history |= forecast.observations() > 0;
            Optional<EngagementPosterior> posterior = query.exploration() != Exploration.NONE
                    ? snapshot.posterior(target.platform(), target.contentType(), zone, query.objective())
                    : Optional.empty();
            // candidates lie on whole hours, so "closer than the gap" means fewer than this many hours apart
            gapHours[p] = (int) Math.ceil(gap(query, target).toMinutes() / 60.0);
            if (posterior.isPresent() && query.exploration() == Exploration.BOUNDS) {
                EngagementPosterior d = posterior.get();
                double[] median = rank(forecast.expected(), forecast, slotOfHour[p]);
                int[] order = challengersAndDefenders(
                        median,
                        rank(d.bound(BOUND_Z), forecast, slotOfHour[p]),
                        rank(d.bound(-BOUND_Z), forecast, slotOfHour[p]),
                        slotOfHour[p],
                        gapHours[p],
                        query.targetCount());
                // the platform's hours come in this order; across platforms, by expected engagement, as for a
                // platform without history (which has nothing to explore)
                sequences[p] = new Sequence(order, median);
                rank[p] = sequences[p].ranks();
                explored.add(Optional.empty());
                continue;
            }
            explored.add(posterior);
            // Thompson sampling: rank by a draw from the posterior, so uncertain but promising hours get tried
            WeeklyCurve ranking = posterior
                    .map(d -> d.sample(new Random(random.nextLong()), EXPLORATION_SPREAD))
                    .orElse(forecast.expected());
            rank[p] = rank(ranking, forecast, slotOfHour[p]);
        }
        // Exploring, each slot is a draw of its own: one draw's best hours are one hypothesis (the same hour on several
        // days, as a draw moves hours together), while a draw per slot tries several (bench/recommendation-quality:
        // 87.6 -> 88.0% and 87.2 -> 88.0% on two seed sets of 400 runs, with the model's earlier prior).
        IntFunction<double[]> redraw = p -> sequences[p] != null
                ? sequences[p].next()
                : explored.get(p)
                        .map(d -> rank(
                                d.sample(new Random(random.nextLong()), EXPLORATION_SPREAD),
                                forecasts[p],
                                slotOfHour[p]))
                        .orElse(null);
        List<Candidate> picked = pick(query, rank, gapHours, hours, first, slotOfHour, forecasts, redraw);
        List<PostingSlot> slots = picked.stream()
                .map(c -> new PostingSlot(c, reason(c, c.forecast().zone())))
                .toList();
        boolean fromHistory = history;
        List<UUID> ids = caller.map(c -> store(c, slots, fromHistory, snapshot.version(), now))
                .orElse(null);
        List<Slot> result = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            Candidate c = slots.get(i).candidate();
            result.add(new Slot(
                    ids == null ? null : ids.get(i),
                    c.target().platform().id(),
                    c.target().contentType(),
                    c.at().atZone(c.forecast().zone()).toOffsetDateTime(),
                    c.forecast().zone().getId(),
                    round(c.score()),
                    round(c.forecast().expected().get(c.slot())),
                    round(c.forecast().confidence(c.slot())),
                    slots.get(i).reason()));
        }
        List<RecommendationViews.AudienceRead> audiences = new ArrayList<>();
        for (int p = 0; p < platformCount; p++) {
            PlatformTarget target = query.targets().get(p);
            Audiences.Audience audience = query.audiences().get(p);
            List<PostEngagement> posts = snapshot.posts(target.platform(), target.contentType());
            audiences.add(new RecommendationViews.AudienceRead(
                    target.platform().id(),
                    target.contentType(),
                    audience.zone().getId(),
                    audience.timezoneSource(),
                    posts.size(),
                    forecasts[p].observations(),
                    (int) posts.stream().filter(post -> post.ownZone() != null).count()));
        }
        return new RecommendationViews.RecommendationList(
                result,
                history ? "tenant_history" : "platform_defaults",
                snapshot.version(),
                query.zone().getId(),
                query.objective().id(),
                objectiveSource,
                audiences,
                now);
    }

    /**
     * Exploring by confidence bounds, how far from the median: one posterior standard deviation.
     * bench/recommendation-quality at 8 weeks (400 runs): 90.3% (Thompson sampling: 89.0%); under a prior tried
     * on the way (HOUR_SD 0.25), z = 0.75 and 1.5 did no better than 1 (90.2 and 90.4 vs 90.5%).
     */
    static final double BOUND_Z = 1;

    /**
     * The order in which exploring by confidence bounds tries a platform's window hours, each at least {@code gap}
     * from those before it. The platform's answer without exploring is its best {@code count} hours by
     * {@code median}. The first, third, ... turns take a challenger: the hour with the highest {@code upper} bound
     * whose hour of the week is not in that answer; the second, fourth, ... a defender: the hour of the answer's
     * hours of the week with the lowest {@code lower} bound, the one least sure to belong there. An hour of the week
     * already tried is not tried again (a window of several weeks holds each more than once) until no other is
     * left; when a turn finds no hour of its kind it takes one of the other kind; fewer than {@code count} only
     * when the window is full.
     */
    static int[] challengersAndDefenders(
            double[] median, double[] upper, double[] lower, int[] slotOfHour, int gap, int count) {
        int hours = median.length;
        OpenHours answer = new OpenHours(hours, gap);
        boolean[] inAnswer = new boolean[WeeklyCurve.SLOTS];
        for (int i = 0; i < count; i++) {
            int h = answer.best(median, null, slotOfHour);
            if (h < 0) {
                break;
            }
            answer.take(h);
            inAnswer[slotOfHour[h]] = true;
        }
        double[] challengers = new double[hours];
        double[] defenders = new double[hours];
        for (int h = 0; h < hours; h++) {
            boolean in = inAnswer[slotOfHour[h]];
            challengers[h] = in ? Double.NEGATIVE_INFINITY : upper[h];
            defenders[h] = in ? -lower[h] : Double.NEGATIVE_INFINITY;
        }
        OpenHours open = new OpenHours(hours, gap);
        boolean[] tried = new boolean[WeeklyCurve.SLOTS];
        int[] order = new int[count];
        int n = 0;
        while (n < count) {
            double[] first = n % 2 == 1 ? defenders : challengers;
            double[] second = n % 2 == 1 ? challengers : defenders;
            int h = open.best(first, tried, slotOfHour);
            if (h < 0) {
                h = open.best(second, tried, slotOfHour);
            }
            if (h < 0) {
                h = open.best(upper, null, slotOfHour);
            }
            if (h < 0) {
                break;
            }
            open.take(h);
            tried[slotOfHour[h]] = true;
            order[n++] = h;
        }
        return Arrays.copyOf(order, n);
    }

    /** A platform's window hours still open: taking an hour closes it and those closer to it than the gap. */
    static final class OpenHours {
        private final boolean[] closed;
        private final int gap;

        OpenHours(int hours, int gap) {
            this.closed = new boolean[hours];
            this.gap = gap;
        }

        boolean isOpen(int hour) {
            return !closed[hour];
        }

        void take(int hour) {
            int from = Math.max(0, hour - gap + 1);
            int to = Math.min(closed.length - 1, hour + gap - 1);
            for (int h = from; h <= to; h++) {
                closed[h] = true;
            }
            closed[hour] = true;
        }

        /**
         * The open hour with the highest finite value, the earlier of equals, skipping hours whose hour of the
         * week is marked in {@code skip} (null: none); -1 when there is none.
         */
        int best(double[] values, boolean[] skip, int[] slotOfHour) {
            int best = -1;
            for (int h = 0; h < values.length; h++) {
                if (closed[h] || values[h] == Double.NEGATIVE_INFINITY || (skip != null && skip[slotOfHour[h]])) {
                    continue;
                }
                if (best < 0 || values[h] > values[best]) {
                    best = h;
                }
            }
            return best;
        }
    }

    /**
     * A platform's hours in a fixed order, offered to {@link #pick} one at a time: ranks that are the hour's
     * {@code priority} (what orders it among other platforms' hours) there and minus infinity elsewhere.
     */
    static final class Sequence {
        private final int[] order;
        private final double[] priority;
        private int next;

        Sequence(int[] order, double[] priority) {
            this.order = order;
            this.priority = priority;
        }

        double[] ranks() {
            double[] ranks = new double[priority.length];
            Arrays.fill(ranks, Double.NEGATIVE_INFINITY);
            if (next < order.length) {
                ranks[order[next]] = priority[order[next]];
            }
            return ranks;
        }

        double[] next() {
            next++;
            return ranks();
        }
    }

    /** Each hour of the window ranked by a curve's value there, relative to the forecast's best hour. */
    private static double[] rank(WeeklyCurve ranking, EngagementForecast forecast, int[] slotOfHour) {
        double best = forecast.expected().max();
        double[] rank = new double[slotOfHour.length];
        for (int h = 0; h < rank.length; h++) {
            rank[h] = ranking.get(slotOfHour[h]) / best;
        }
        return rank;
    }

    /**
     * Greedy by rank: repeatedly the best remaining hour that is not closer than its platform's gap to an hour
     * already picked for that platform; ties go to the earlier hour, then the platform's order. The same as walking
     * every candidate sorted by rank, because a candidate too close to a pick stays too close, without sorting the
     * whole window (6 platforms x 14 days is 2,016 candidates for 5 answers). Exploring, {@code redraw} gives a
     * platform fresh ranks after each of its picks (null: keep them).
     */
    static List<Candidate> pick(
            Query query,
            double[][] rank,
            int[] gapHours,
            int hours,
            Instant first,
            int[][] slotOfHour,
            EngagementForecast[] forecasts,
            IntFunction<double[]> redraw) {
        int platformCount = rank.length;
        OpenHours[] open = new OpenHours[platformCount];
        for (int p = 0; p < platformCount; p++) {
            open[p] = new OpenHours(hours, gapHours[p]);
        }
        List<Candidate> picked = new ArrayList<>();
        while (picked.size() < query.targetCount()) {
            int bestP = -1;
            int bestH = -1;
            double bestRank = Double.NEGATIVE_INFINITY;
            for (int h = 0; h < hours; h++) {
                for (int p = 0; p < platformCount; p++) {
                    if (!open[p].isOpen(h)) {
                        continue;
                    }
                    double r = rank[p][h];
                    // strictly greater: an equal rank at a later hour never wins; at the same hour the platform order
                    if (r > bestRank
                            || (r == bestRank
                                    && h == bestH
                                    && query.targets()
                                                    .get(p)
                                                    .platform()
                                                    .compareTo(query.targets()
                                                            .get(bestP)
                                                            .platform())
                                            < 0)) {
                        bestRank = r;
                        bestP = p;
                        bestH = h;
                    }
                }
            }
            if (bestP < 0) {
                break;
            }
            open[bestP].take(bestH);
            double[] next = picked.size() + 1 < query.targetCount() ? redraw.apply(bestP) : null;
            if (next != null) {
                rank[bestP] = next;
            }
            EngagementForecast forecast = forecasts[bestP];
            int slot = slotOfHour[bestP][bestH];
            picked.add(new Candidate(
                    query.targets().get(bestP),
                    first.plus(Duration.ofHours(bestH)),
                    slot,
                    forecast.expected().get(slot) / forecast.expected().max(),
                    forecast));
        }
        return picked;
    }

    private record PostingSlot(Candidate candidate, String reason) {}

    private Duration gap(Query query, PlatformTarget target) {
        if (query.minGapHours() != null) {
            return Duration.ofMinutes(Math.round(query.minGapHours() * 60));
        }
        return Duration.ofMinutes(platforms
                .contentType(target.platform(), target.contentType())
                .orElseThrow()
                .minSpacingMinutes());
    }

    private String reason(Candidate c, ZoneId zone) {
        ZonedDateTime local = c.at().atZone(zone);
        String when = local.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " "
                + String.format(Locale.ROOT, "%02d:%02d", local.getHour(), local.getMinute());
        var profile = platforms.profile(c.target().platform());
        EngagementForecast f = c.forecast();
        if (f.observations() == 0) {
            boolean inWindow = profile.contentType(c.target().contentType()).orElseThrow().windows().stream()
                    .anyMatch(w -> w.contains(local.getDayOfWeek(), local.toLocalTime()));
            return inWindow
                    ? when + " is in " + profile.displayName() + "'s peak window (" + profile.bestTimes()
                            + "); no engagement history of yours yet"
                    : when + " scores " + percent(c.score()) + " of " + profile.displayName()
                            + "'s best hour on the platform curve (" + profile.bestTimes()
                            + "); no history of yours yet";
        }
        return String.format(
                Locale.ROOT,
                "%s (%s): expected %.1f× the %s of your median %s %s, from %d posts of yours read in that zone and the"
                        + " %s curve",
                when,
                zone.getId(),
                f.expected().get(c.slot()),
                f.objective().id().replace('_', ' '),
                profile.displayName(),
                c.target().contentType().replace('_', '-'),
                f.observations(),
                profile.displayName());
    }

    private static String percent(double x) {
        return Math.round(x * 100) + "%";
    }

    private List<UUID> store(Caller caller, List<PostingSlot> slots, boolean history, String version, Instant now) {
        List<UUID> ids = new ArrayList<>(slots.size());
        if (slots.isEmpty()) {
            return ids;
        }
        List<RecommendedSlotStore.ServedSlot> served = new ArrayList<>(slots.size());
        for (PostingSlot s : slots) {
            Candidate c = s.candidate();
            UUID id = UUID.randomUUID();
            ids.add(id);
            served.add(new RecommendedSlotStore.ServedSlot(
                    id,
                    c.target().platform().id(),
                    c.target().contentType(),
                    c.at().toString(),
                    c.score(),
                    c.forecast().confidence(c.slot()),
                    s.reason(),
                    c.forecast().expected().get(c.slot()),
                    c.forecast().zone().getId()));
        }
        slotStore.serve(caller, served, history ? "tenant_history" : "platform_defaults", version, now);
        return ids;
    }

    RecommendationViews.Accepted accept(Caller caller, UUID id, RecommendationRequests.Accept request) {
        if (request.scheduleId() == null) {
            throw ApiException.validation("schedule_id", "is required");
        }
        if (request.contentId() == null || request.contentId().isBlank()) {
            throw ApiException.validation("content_id", "is required");
        }
        if (request.contentId().length() > CalendarItems.MAX_CONTENT_ID_LENGTH) {
            throw ApiException.validation(
                    "content_id", "must be at most " + CalendarItems.MAX_CONTENT_ID_LENGTH + " characters");
        }
        Instant now = clock.instant();
        // One transaction: the slot row stays locked while the item is added, so it is accepted at most once.
        return transactions.write(caller, jdbc -> {
            RecommendedSlotStore.StoredSlot slot =
                    slotStore.lockForAccept(jdbc, id).orElseThrow(() -> ApiException.notFound("recommendation"));
            if (slot.acceptedItem() != null) {
                throw new ApiException(
                        ErrorCode.CONFLICT, "this recommendation was already accepted as item " + slot.acceptedItem());
            }
            // checked here so the answer speaks of the recommendation, not of an item field the request did not send
            if (slot.slotTime().isBefore(now)) {
                throw ApiException.conflict(
                        "this recommendation's time, " + slot.slotTime() + ", has passed; ask for new recommendations");
            }
            Platform platform = Platform.of(slot.platform());
            UUID itemId = calendar.addItem(
                    caller, request.scheduleId(), request.contentId(), platform, slot.contentType(), slot.slotTime());
            slotStore.accepted(jdbc, id, itemId, now);
            ZoneId zone = calendar.find(caller, itemId)
                    .map(CalendarItems.ItemFacts::scheduleZone)
                    .orElse(ZoneOffset.UTC);
            return new RecommendationViews.Accepted(
                    id,
                    request.scheduleId(),
                    itemId,
                    slot.slotTime().atZone(zone).toOffsetDateTime());
        });
    }

    private static long seed(Optional<String> tenant, Instant now) {
        return tenant.map(String::hashCode).orElse(0) * 31L
                + now.truncatedTo(ChronoUnit.MINUTES).getEpochSecond();
    }

    /**
     * The first start of an hour on the audience's clock at or after {@code t}. That is a full UTC hour only where
     * the offset is whole hours: India's (+05:30) hours start at half past in UTC. Stepping an hour at a time from
     * it stays on the audience's full hours across daylight-saving changes, which move clocks by whole hours
     * everywhere but Lord Howe Island (30 minutes): there, and for a {@code t} just before such a change, the result
     * is half past a local hour.
     */
    static Instant localHourAtOrAfter(Instant t, ZoneId zone) {
        long offset = zone.getRules().getOffset(t).getTotalSeconds();
        Instant start = Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond() + offset, 3600) * 3600 - offset);
        return start.isBefore(t) ? start.plus(Duration.ofHours(1)) : start;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }
}
