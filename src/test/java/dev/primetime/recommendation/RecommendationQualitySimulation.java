package dev.primetime.recommendation;

import dev.primetime.platform.WeeklyCurve;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The recommendation-quality benchmark (bench/recommendation-quality runs it): simulated tenants with known
 * audiences post every week, half at the model's exploring recommendations and half at their own habitual hours;
 * after 0, 2, 4 and 8 weeks it prints the share of the oracle's engagement that the top-5 recommendations capture,
 * next to the platform-defaults baseline: once with the tenants exploring by Thompson sampling (explore=true), once
 * by confidence bounds (explore=true&exploration=bounds).
 *
 * <p>Each tenant lives in its own time zone, and its weeks start on Monday 2 March 2026, so its history crosses
 * the United States' (8 March) and Europe's (29 March) daylight-saving changes and the end of Sydney's (5 April).
 * Posts go out at instants, found as the service finds a recommendation's (hour by hour from the audience's
 * first full hour) or from the tenant's local habit; a post earns what its audience's local hour is worth, and
 * the model learns it under the hour of the week the service files it under ({@link WeeklyCurve#slot(Instant,
 * ZoneId)}, as for a KPI event).
 */
public final class RecommendationQualitySimulation {
    static final int TOP = 5;
    static final int GAP_HOURS = 12;
    static final int POSTS_PER_WEEK = 6;

    static final LocalDate FIRST_MONDAY = LocalDate.of(2026, 3, 2);
    // A week's window from Monday 00:00: its hour h is hour h of the week.
    private static final int[] WEEK_HOURS =
            java.util.stream.IntStream.range(0, WeeklyCurve.SLOTS).toArray();
    // Posts, and those the service filed under another hour of the week than their audience's local one
    private static final AtomicLong POSTS = new AtomicLong();
    private static final AtomicLong MISFILED = new AtomicLong();

    record Tenant(String name, String platform, ZoneId zone, SyntheticAudience audience) {}

    /**
     * @param inside of {@code heldOut} fresh posts at the tenant's habitual hours after the checkpoint, how many
     *     earned what the curve's 90% interval (the posterior predictive one GET /recommendations/curve shows) says
     */
    record Result(int weeks, double model, double baseline, int inside, int heldOut) {}

    /** Held-out posts drawn per run and checkpoint to check the curve's 90% interval (issue 18). */
    static final int HELD_OUT = 20;

    public static void main(String[] args) {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        // another seed set: the same tenants, other posts, noise and draws (0: the default set)
        long seeds = args.length > 1 ? Long.parseLong(args[1]) : 0;
        // "more": twelve other audiences, to check that what helps the six above is not made for them
        boolean more = args.length > 2 && args[2].equals("more");
        Map<String, WeeklyCurve> priors = SyntheticAudience.platformCurves();
        List<Tenant> tenants = more ? moreTenants() : tenants();
        int[] checkpoints = {0, 2, 4, 8};
        Map<String, Function<WeeklyCurve, Learner>> explorations = new LinkedHashMap<>();
        explorations.put("Thompson sampling (explore=true)", RecommendationQualitySimulation::model);
        explorations.put(
                "confidence bounds (explore=true&exploration=bounds)", RecommendationQualitySimulation::bounds);
        for (var exploration : explorations.entrySet()) {
            System.out.printf(
                    Locale.ROOT,
                    "Tenants exploring by %s: share of the oracle's engagement captured by the top-%d"
                            + " recommendations (%d runs each, %d posts/week, seeds from %d)%n",
                    exploration.getKey(),
                    TOP,
                    repetitions,
                    POSTS_PER_WEEK,
                    seeds);
            report(tenants, priors, exploration.getValue(), checkpoints, repetitions, seeds);
            System.out.println();
        }
        System.out.printf(
                Locale.ROOT,
                "posts filed under another hour of the week than their audience's local one: %d of %d%n",
                MISFILED.get(),
                POSTS.get());
    }

    private static void report(
            List<Tenant> tenants,
            Map<String, WeeklyCurve> priors,
            Function<WeeklyCurve, Learner> learner,
            int[] checkpoints,
            int repetitions,
            long seeds) {
        double[][] model = new double[tenants.size()][checkpoints.length];
        double[][] baseline = new double[tenants.size()][checkpoints.length];
        double[][] squares = new double[tenants.size()][checkpoints.length]; // of the runs' shares, for the error
        long[] inside = new long[checkpoints.length];
        long[] heldOut = new long[checkpoints.length];
        for (int t = 0; t < tenants.size(); t++) {
            WeeklyCurve prior = priors.get(tenants.get(t).platform());
            for (int rep = 0; rep < repetitions; rep++) {
                List<Result> results =
                        simulate(tenants.get(t), learner.apply(prior), prior, checkpoints, seeds + 1000L * t + rep);
                for (int c = 0; c < checkpoints.length; c++) {
                    model[t][c] += results.get(c).model() / repetitions;
                    squares[t][c] += results.get(c).model() * results.get(c).model() / repetitions;
                    baseline[t][c] += results.get(c).baseline() / repetitions;
                    inside[c] += results.get(c).inside();
                    heldOut[c] += results.get(c).heldOut();
                }
            }
        }
        System.out.printf(Locale.ROOT, "%-48s %-22s", "tenant", "platform prior");
        for (int w : checkpoints) {
            System.out.printf(Locale.ROOT, " %8s", w + " wk");
        }
        System.out.println();
        double[] mean = new double[checkpoints.length];
        double meanBaseline = 0;
        for (int t = 0; t < tenants.size(); t++) {
            System.out.printf(
                    Locale.ROOT,
                    "%-48s %-22s",
                    tenants.get(t).name() + " (" + tenants.get(t).zone() + ")",
                    tenants.get(t).platform() + " " + pct(baseline[t][0]));
            for (int c = 0; c < checkpoints.length; c++) {
                System.out.printf(Locale.ROOT, " %8s", pct(model[t][c]));
                mean[c] += model[t][c] / tenants.size();
            }
            meanBaseline += baseline[t][0] / tenants.size();
            System.out.println();
        }
        System.out.printf(Locale.ROOT, "%-48s %-22s", "MEAN", "baseline " + pct(meanBaseline));
        for (double m : mean) {
            System.out.printf(Locale.ROOT, " %8s", pct(m));
        }
        System.out.println();
        // The runs are random (posts, noise, Thompson draws), so the mean is an estimate: its standard error, from
        // the spread of each tenant's runs.
        System.out.printf(Locale.ROOT, "%-48s %-22s", "standard error of the mean", "");
        for (int c = 0; c < checkpoints.length; c++) {
            double variance = 0;
            for (int t = 0; t < tenants.size(); t++) {
                double runVariance = Math.max(0, squares[t][c] - model[t][c] * model[t][c])
                        * repetitions
                        / Math.max(1, repetitions - 1);
                variance += runVariance / repetitions / (tenants.size() * (double) tenants.size());
            }
            System.out.printf(Locale.ROOT, " %8s", "±" + pct(Math.sqrt(variance)));
        }
        System.out.println();
        // Calibration: of fresh posts at the tenants' habitual hours, the share whose outcome fell inside the curve's
        // 90% interval (target 85-95%), with a binomial 95% interval (the posts are independent draws).
        System.out.printf(Locale.ROOT, "%-48s %-22s", "held-out posts inside the curve's 90% interval", "");
        for (int c = 0; c < checkpoints.length; c++) {
            if (heldOut[c] == 0) {
                System.out.printf(Locale.ROOT, " %8s", "-");
                continue;
            }
            double share = (double) inside[c] / heldOut[c];
            System.out.printf(Locale.ROOT, " %8s", pct(share));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-48s %-22s", "  (posts; binomial 95% half-width)", "");
        for (int c = 0; c < checkpoints.length; c++) {
            double share = heldOut[c] == 0 ? 0 : (double) inside[c] / heldOut[c];
            double half = heldOut[c] == 0 ? 0 : 1.96 * Math.sqrt(share * (1 - share) / heldOut[c]);
            System.out.printf(Locale.ROOT, " %8s", heldOut[c] == 0 ? "-" : heldOut[c] + " ±" + pct(half));
        }
        System.out.println();
    }

    static List<Tenant> tenants() {
        return List.of(
                new Tenant(
                        "weekday-afternoon (=prior)",
                        "youtube/long_form",
                        ZoneId.of("America/New_York"),
                        new SyntheticAudience(
                                SyntheticAudience.curve(new int[] {0, 1, 2, 3, 4}, new int[] {16}, 0.1), 300, 0.4)),
                new Tenant(
                        "weekend night owls",
                        "youtube/long_form",
                        ZoneId.of("Europe/Berlin"),
                        new SyntheticAudience(
                                SyntheticAudience.curve(new int[] {5, 6}, new int[] {21}, 0.1), 300, 0.4)),
                new Tenant(
                        "early birds (07-08)",
                        "linkedin/post",
                        ZoneId.of("Asia/Kolkata"),
                        new SyntheticAudience(
                                SyntheticAudience.curve(new int[] {0, 1, 2, 3, 4}, new int[] {7}, 0.1), 80, 0.5)),
                new Tenant(
                        "lunch scrollers",
                        "instagram/reel",
                        ZoneId.of("Australia/Sydney"),
                        new SyntheticAudience(
                                SyntheticAudience.curve(new int[] {0, 1, 2, 3, 4, 5, 6}, new int[] {12}, 0.1),
                                150,
                                0.5)),
                new Tenant(
                        "Friday evening",
                        "tiktok/video",
                        ZoneId.of("America/Los_Angeles"),
                        new SyntheticAudience(
                                SyntheticAudience.curve(new int[] {4}, new int[] {19, 20}, 0.1), 500, 0.6)),
                new Tenant(
                        "noisy Tue-Thu 10:00",
                        "twitter/tweet",
                        ZoneId.of("Asia/Tokyo"),
                        new SyntheticAudience(
                                SyntheticAudience.curve(new int[] {1, 2, 3}, new int[] {10}, 0.1), 40, 0.8)));
    }

    /**
     * Twelve audiences the model's settings were not chosen on: peaks on one to seven days, at hours near and far
     * from their platform's, in other zones (two south of the equator, one in New Zealand across the end of its
     * daylight saving).
     */
    static List<Tenant> moreTenants() {
        return List.of(
                tenant("Mon/Thu 18:00", "facebook/post", "Europe/London", new int[] {0, 3}, new int[] {18}, 120, 0.5),
                tenant(
                        "Saturday brunch 10:00",
                        "instagram/post",
                        "America/Chicago",
                        new int[] {5},
                        new int[] {10},
                        200,
                        0.5),
                tenant(
                        "weekday lunch 13:00",
                        "linkedin/article",
                        "Europe/Paris",
                        new int[] {0, 1, 2, 3, 4},
                        new int[] {13},
                        60,
                        0.6),
                tenant(
                        "late night 23:00",
                        "youtube/shorts",
                        "Asia/Seoul",
                        new int[] {0, 1, 2, 3, 4, 5, 6},
                        new int[] {23},
                        400,
                        0.5),
                tenant(
                        "Sunday 17-18",
                        "tiktok/video",
                        "America/Sao_Paulo",
                        new int[] {6},
                        new int[] {17, 18},
                        300,
                        0.6),
                tenant("Wednesday 09:00", "twitter/thread", "Australia/Perth", new int[] {2}, new int[] {9}, 50, 0.7),
                tenant("Tue/Fri 11:00", "linkedin/post", "America/Denver", new int[] {1, 4}, new int[] {11}, 90, 0.5),
                tenant(
                        "weekend 14:00",
                        "facebook/video",
                        "Africa/Johannesburg",
                        new int[] {5, 6},
                        new int[] {14},
                        250,
                        0.6),
                tenant(
                        "weekday 20:00",
                        "youtube/long_form",
                        "Asia/Singapore",
                        new int[] {0, 1, 2, 3, 4},
                        new int[] {20},
                        350,
                        0.45),
                tenant(
                        "Thursday 16-17",
                        "instagram/reel",
                        "Europe/Madrid",
                        new int[] {3},
                        new int[] {16, 17},
                        180,
                        0.55),
                tenant(
                        "daily 08:00",
                        "twitter/tweet",
                        "America/Toronto",
                        new int[] {0, 1, 2, 3, 4, 5, 6},
                        new int[] {8},
                        45,
                        0.75),
                tenant("Saturday 19:00", "tiktok/video", "Pacific/Auckland", new int[] {5}, new int[] {19}, 450, 0.6));
    }

    private static Tenant tenant(
            String name, String platform, String zone, int[] days, int[] peakHours, double scale, double noiseSd) {
        return new Tenant(
                name,
                platform,
                ZoneId.of(zone),
                new SyntheticAudience(SyntheticAudience.curve(days, peakHours, 0.1), scale, noiseSd));
    }

    /** What places a simulated tenant's recommended posts and what its final top slots are ranked by. */
    interface Learner {
        List<Integer> place(List<EngagementPosterior.Observation> history, int count, Random random);

        WeeklyCurve forecast(List<EngagementPosterior.Observation> history);
    }

    /** The service's model: explore=true places the posts, the posterior median ranks the answer. */
    static Learner model(WeeklyCurve prior) {
        return new Learner() {
            @Override
            public List<Integer> place(List<EngagementPosterior.Observation> history, int count, Random random) {
                return history.isEmpty()
                        ? SyntheticAudience.top(prior.toArray(), count, GAP_HOURS)
                        : explore(EngagementPosterior.fit(prior, history), count, random);
            }

            @Override
            public WeeklyCurve forecast(List<EngagementPosterior.Observation> history) {
                return history.isEmpty()
                        ? prior
                        : EngagementPosterior.fit(prior, history).expected();
            }
        };
    }

    /**
     * The service's model exploring by confidence bounds: the posts go where explore=true&exploration=bounds puts
     * them when a tenant asks for as many slots as it will post ({@link #POSTS_PER_WEEK} / 2, so the answer it
     * challenges has that many hours) in a window of one week from Monday 00:00 ({@link
     * RecommendationService#challengersAndDefenders}). As in the service the gap is measured along the window, so
     * Sunday night and Monday morning are a week apart, where the final top 5 and Thompson sampling here take the
     * week as a circle.
     */
    static Learner bounds(WeeklyCurve prior) {
        Learner model = model(prior);
        return new Learner() {
            @Override
            public List<Integer> place(List<EngagementPosterior.Observation> history, int count, Random random) {
                if (history.isEmpty()) {
                    return model.place(history, count, random);
                }
                EngagementPosterior posterior = EngagementPosterior.fit(prior, history);
                return Arrays.stream(RecommendationService.challengersAndDefenders(
                                posterior.expected().toArray(),
                                posterior.bound(RecommendationService.BOUND_Z).toArray(),
                                posterior.bound(-RecommendationService.BOUND_Z).toArray(),
                                WEEK_HOURS,
                                GAP_HOURS,
                                count))
                        .boxed()
                        .toList();
            }

            @Override
            public WeeklyCurve forecast(List<EngagementPosterior.Observation> history) {
                return model.forecast(history);
            }
        };
    }

    static List<Result> simulate(Tenant tenant, WeeklyCurve prior, int[] checkpoints, long seed) {
        return simulate(tenant, model(prior), prior, checkpoints, seed);
    }

    static List<Result> simulate(Tenant tenant, Learner learner, WeeklyCurve prior, int[] checkpoints, long seed) {
        Random random = new Random(seed);
        List<EngagementPosterior.Observation> history = new ArrayList<>();
        List<Result> results = new ArrayList<>();
        int week = 0;
        for (int checkpoint : checkpoints) {
            while (week < checkpoint) {
                List<Integer> recommended = learner.place(history, POSTS_PER_WEEK / 2, random);
                LocalDate monday = FIRST_MONDAY.plusWeeks(week);
                List<Instant> hours = hoursOfTheWeek(monday, tenant.zone());
                for (int slot : recommended) {
                    // a local hour that daylight saving skips this week has no instant, so no post
                    hours.stream()
                            .filter(at -> WeeklyCurve.slot(at, tenant.zone()) == slot)
                            .findFirst()
                            .ifPresent(at -> history.add(post(tenant, at, random)));
                }
                for (int i = 0; i < POSTS_PER_WEEK - recommended.size(); i++) {
                    int slot = random.nextInt(7) * 24 + 7 + random.nextInt(16); // habit: any day, 07:00–22:00
                    Instant at = monday.plusDays(slot / 24)
                            .atTime(slot % 24, 0)
                            .atZone(tenant.zone())
                            .toInstant();
                    history.add(post(tenant, at, random));
                }
                week++;
            }
            WeeklyCurve forecast = learner.forecast(history);
            int inside = 0;
            int heldOut = 0;
            if (!history.isEmpty()) {
                // fresh posts at the tenant's habitual hours, never learned from: inside the curve's 90% interval?
                EngagementPosterior posterior = EngagementPosterior.fit(prior, history);
                WeeklyCurve lower = posterior.predictiveLower();
                WeeklyCurve upper = posterior.predictiveUpper();
                Random fresh = new Random(seed * 31 + checkpoint);
                for (int i = 0; i < HELD_OUT; i++) {
                    int slot = fresh.nextInt(7) * 24 + 7 + fresh.nextInt(16);
                    double relative = posterior.relativeOutcome(
                            tenant.audience().post(slot, fresh).engagement());
                    inside += relative >= lower.get(slot) && relative <= upper.get(slot) ? 1 : 0;
                    heldOut++;
                }
            }
            results.add(new Result(
                    checkpoint,
                    captured(tenant.audience(), forecast),
                    captured(tenant.audience(), prior),
                    inside,
                    heldOut));
        }
        return results;
    }

    /**
     * What explore=true answers for one platform: each slot the best hour of its own posterior draw, at least the
     * gap away from those already chosen (as RecommendationService picks).
     */
    static List<Integer> explore(EngagementPosterior posterior, int count, Random random) {
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chosen.add(bestApartFrom(
                    posterior
                            .sample(random, RecommendationService.EXPLORATION_SPREAD)
                            .toArray(),
                    chosen));
        }
        return chosen;
    }

    /** The best slot of {@code values} at least the gap away from every slot already chosen. */
    static int bestApartFrom(double[] values, List<Integer> chosen) {
        double[] open = values.clone();
        for (int slot = 0; slot < open.length; slot++) {
            for (int c : chosen) {
                int d = Math.abs(c - slot);
                if (Math.min(d, WeeklyCurve.SLOTS - d) < GAP_HOURS) {
                    open[slot] = Double.NEGATIVE_INFINITY;
                }
            }
        }
        return SyntheticAudience.top(open, 1, GAP_HOURS).getFirst();
    }

    /** The week's hours as the service steps through a window: from the audience's first full hour on Monday. */
    static List<Instant> hoursOfTheWeek(LocalDate monday, ZoneId zone) {
        Instant start = RecommendationService.localHourAtOrAfter(
                monday.atStartOfDay(zone).toInstant(), zone);
        Instant end = monday.plusWeeks(1).atStartOfDay(zone).toInstant();
        List<Instant> hours = new ArrayList<>();
        for (Instant at = start; at.isBefore(end); at = at.plus(Duration.ofHours(1))) {
            hours.add(at);
        }
        return hours;
    }

    /**
     * A post at an instant: it earns what its audience's local hour is worth (read from the calendar here), and is
     * filed under the hour of the week the service computes for it.
     */
    static EngagementPosterior.Observation post(Tenant tenant, Instant at, Random random) {
        ZonedDateTime local = at.atZone(tenant.zone());
        int localSlot = WeeklyCurve.slot(local.getDayOfWeek(), local.getHour());
        double engagement = tenant.audience().post(localSlot, random).engagement();
        int filed = WeeklyCurve.slot(at, tenant.zone());
        POSTS.incrementAndGet();
        if (filed != localSlot) {
            MISFILED.incrementAndGet();
        }
        return new EngagementPosterior.Observation(filed, engagement, at.getEpochSecond() / 86_400.0);
    }

    static double captured(SyntheticAudience audience, WeeklyCurve forecast) {
        double[] truth = new double[WeeklyCurve.SLOTS];
        for (int s = 0; s < truth.length; s++) {
            truth[s] = audience.truth(s);
        }
        double ours = SyntheticAudience.top(forecast.toArray(), TOP, GAP_HOURS).stream()
                .mapToDouble(audience::truth)
                .sum();
        double best = SyntheticAudience.top(truth, TOP, GAP_HOURS).stream()
                .mapToDouble(audience::truth)
                .sum();
        return ours / best;
    }

    private static String pct(double x) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * x);
    }
}
