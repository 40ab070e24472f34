package dev.primetime.recommendation;

import dev.primetime.platform.WeeklyCurve;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Rolling-origin evaluation inside the UCI page's history (issue 18): of the file's 500 posts only the oldest 70%
 * (what bench/recommendation-real imports as history) is read. For origins k = 150, 175, ... the model is fitted on
 * the history's first k posts and the next 50 are scored: the share inside the 90% predictive interval (and below,
 * above it) for several ways of setting the interval's ends, and the mean Spearman over origins of several rankings,
 * with paired-bootstrap standard errors against the fitted curve. The interval variants are alternatives weighed in
 * the issue 18 recreal note (none replaced the model's own): C0 the model's (quantiles of the leave-one-out misses),
 * C1 a two-component ("dud") Gaussian mixture fitted to those misses, C2 recency-weighted quantiles, C3 quantiles of
 * the forward misses of the time-ordered selection folds (C3c pooled with the leave-one-out ones; C3b without the
 * drift allowance), C4 the level shifted by the last month's shrunk mean miss, C5 the wider end on both sides, C6 the
 * misses convolved with the drift allowance instead of scaled by it.
 *
 * <p>Usage: RealHistoryRollingOrigin rows.csv (from bench/tools/facebook_publish_times.py)
 */
final class RealHistoryRollingOrigin {
    record Post(double day, int slot, double interactions, double reach) {}

    interface Ends {
        double[] of(EngagementPosterior p); // {lowerZ, upperZ}
    }

    static final String[] NAMES = {
        "C0 current",
        "C1 dud mixture",
        "C2 recency h=100",
        "C2 recency h=50",
        "C3a forward",
        "C3b forward nodrift",
        "C3c forward+loo",
        "C4 recent level",
        "C5 symmetric",
        "C6 miss+drift conv"
    };
    private static WeeklyCurve prior;
    private static List<EngagementPosterior.Observation> current; // the posts the origin's fit read
    static final Ends[] VARIANTS = {
        p -> new double[] {p.lowerZ(), p.upperZ()},
        p -> mixtureEnds(p.misses()),
        p -> recencyEnds(p.misses(), 100),
        p -> recencyEnds(p.misses(), 50),
        p -> forwardEnds(p, false),
        p -> forwardEnds(p, false),
        p -> forwardEnds(p, true),
        p -> new double[] {p.lowerZ(), p.upperZ()},
        p -> new double[] {Math.max(p.lowerZ(), p.upperZ()), Math.max(p.lowerZ(), p.upperZ())},
        p -> new double[] {p.lowerZ(), p.upperZ()},
    };

    /** The q-quantile of m_i + N(0, rho²), m the empirical misses (equal weights). */
    static double convolvedQuantile(double[] m, double rho, double q) {
        if (rho <= 0) {
            double[] sorted = m.clone();
            Arrays.sort(sorted);
            return EngagementPosterior.quantile(sorted, q);
        }
        double lo = -30, hi = 30;
        for (int it = 0; it < 50; it++) {
            double mid = (lo + hi) / 2;
            double c = 0;
            for (double x : m) {
                c += Phi((mid - x) / rho);
            }
            if (c / m.length < q) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** Log shift of the level: the last BLOCK_DAYS' mean leave-one-out residual, shrunk by the drift's swings. */
    static double recentShift(EngagementPosterior p) {
        double[] residuals = p.residuals();
        double last = current.getLast().day();
        double sum = 0, squares = 0;
        int m = 0;
        for (int i = 0; i < residuals.length; i++) {
            if (current.get(i).day() > last - EngagementPosterior.BLOCK_DAYS) {
                sum += residuals[i];
                squares += residuals[i] * residuals[i];
                m++;
            }
        }
        if (m < 5) {
            return 0;
        }
        double mean = sum / m;
        double sampling = (squares - m * mean * mean) / (m - 1) / m;
        double signal = p.driftVariance();
        return mean * signal / (signal + sampling);
    }

    /** Standardised misses of the posts the selection folds scored, each predicted by the fit on the posts before. */
    static double[] forwardMisses(EngagementPosterior whole) {
        List<EngagementPosterior.Observation> posts = current;
        int n = posts.size();
        List<Double> out = new ArrayList<>();
        for (int f = 0; f < EngagementPosterior.FOLD_CUTS.length - 1; f++) {
            int from = (int) (n * EngagementPosterior.FOLD_CUTS[f]);
            int to = (int) (n * EngagementPosterior.FOLD_CUTS[f + 1]);
            EngagementPosterior p = EngagementPosterior.fit(prior, posts.subList(0, from), strengthIndex(whole));
            WeeklyCurve centre = p.expected();
            WeeklyCurve one = p.predictive(1, 0);
            for (int i = from; i < to; i++) {
                int s = posts.get(i).slot();
                double sd = Math.log(one.get(s) / centre.get(s));
                out.add(Math.log(p.relativeOutcome(posts.get(i).engagement()) / centre.get(s)) / sd);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static int strengthIndex(EngagementPosterior p) {
        for (int k = 0; k < EngagementPosterior.STRENGTHS.length; k++) {
            if (EngagementPosterior.STRENGTHS[k] == p.strength()) {
                return k;
            }
        }
        throw new IllegalStateException();
    }

    static double[] forwardEnds(EngagementPosterior p, boolean withLoo) {
        double[] f = forwardMisses(p);
        double[] all = f;
        if (withLoo) {
            double[] l = p.misses();
            all = Arrays.copyOf(f, f.length + l.length);
            System.arraycopy(l, 0, all, f.length, l.length);
        }
        Arrays.sort(all);
        return new double[] {-EngagementPosterior.quantile(all, 0.05), EngagementPosterior.quantile(all, 0.95)};
    }

    public static void main(String[] args) throws IOException {
        ZoneId file = ZoneId.of("America/Los_Angeles");
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        prior = SyntheticAudience.platformCurves().get("facebook/post");
        long[][] total = new long[VARIANTS.length][3];
        for (String zone : new String[] {"Europe/Lisbon", "America/Los_Angeles"}) {
            List<Post> posts = read(lines, file, ZoneId.of(zone));
            for (String objective : new String[] {"interactions", "engagement_rate"}) {
                Function<Post, Double> outcome = objective.equals("interactions")
                        ? Post::interactions
                        : p -> p.reach() > 0 ? 10_000 * p.interactions() / p.reach() : Double.NaN;
                long[][] counts = new long[VARIANTS.length][3]; // inside, below, above
                double[][] rank = new double[6][2];
                List<double[][]> perOrigin =
                        new ArrayList<>(); // {selected, hour-of-day, prior, y} // selected, strength 0.5, strength 1,
                // prior: sum, origins
                for (int k = 150; k < posts.size(); k += 25) {
                    List<EngagementPosterior.Observation> fitted = new ArrayList<>();
                    List<EngagementPosterior.Observation> scored = new ArrayList<>();
                    for (int i = 0; i < Math.min(posts.size(), k + 50); i++) {
                        double y = outcome.apply(posts.get(i));
                        if (Double.isNaN(y)) {
                            continue;
                        }
                        var o = new EngagementPosterior.Observation(
                                posts.get(i).slot(), y, posts.get(i).day());
                        (i < k ? fitted : scored).add(o);
                    }
                    current = fitted;
                    EngagementPosterior p = EngagementPosterior.fit(prior, fitted);
                    for (int v = 0; v < VARIANTS.length; v++) {
                        double[] ends = VARIANTS[v].of(p);
                        double d = v == 5 ? 0 : p.driftVariance();
                        WeeklyCurve lower = p.predictive(-ends[0], d);
                        WeeklyCurve upper = p.predictive(ends[1], d);
                        double shift = v == 7 ? recentShift(p) : 0;
                        if (v == 7) {
                            System.out.printf(Locale.ROOT, "    origin %d recent shift %+.3f%n", k, shift);
                        }
                        if (v == 9) {
                            WeeklyCurve centre = p.expected();
                            WeeklyCurve one = p.predictive(1, 0);
                            double[] m = p.misses();
                            for (var o : scored) {
                                int s = o.slot();
                                double base = Math.log(one.get(s) / centre.get(s));
                                double rho = Math.sqrt(p.driftVariance()) / base;
                                double lz = base * convolvedQuantile(m, rho, 0.05);
                                double uz = base * convolvedQuantile(m, rho, 0.95);
                                double z = Math.log(p.relativeOutcome(o.engagement()) / centre.get(s));
                                int c = z < lz ? 1 : z > uz ? 2 : 0;
                                counts[v][c]++;
                                total[v][c]++;
                            }
                            continue;
                        }
                        for (var o : scored) {
                            double r = p.relativeOutcome(o.engagement()) / Math.exp(shift);
                            int c = r < lower.get(o.slot()) ? 1 : r > upper.get(o.slot()) ? 2 : 0;
                            counts[v][c]++;
                            total[v][c]++;
                        }
                    }
                    double[] y = scored.stream()
                            .mapToDouble(o -> Math.log1p(o.engagement()))
                            .toArray();
                    double[] hourSum = new double[24],
                            hourN = new double[24],
                            slotSum = new double[168],
                            slotN = new double[168];
                    double all = 0;
                    for (var o : fitted) {
                        double ly = Math.log1p(o.engagement());
                        hourSum[o.slot() % 24] += ly;
                        hourN[o.slot() % 24]++;
                        slotSum[o.slot()] += ly;
                        slotN[o.slot()]++;
                        all += ly / fitted.size();
                    }
                    double[] byHour = new double[168], bySlot = new double[168];
                    for (int s = 0; s < 168; s++) {
                        byHour[s] = Math.exp(hourN[s % 24] > 0 ? hourSum[s % 24] / hourN[s % 24] : all);
                        bySlot[s] = Math.exp(slotN[s] > 0 ? slotSum[s] / slotN[s] : all);
                    }
                    WeeklyCurve[] curves = {
                        p.expected(),
                        EngagementPosterior.fit(prior, fitted, 0).expected(),
                        EngagementPosterior.fit(prior, fitted, EngagementPosterior.defaultStrength())
                                .expected(),
                        prior,
                        WeeklyCurve.of(byHour),
                        WeeklyCurve.of(bySlot)
                    };
                    for (int c = 0; c < curves.length; c++) {
                        WeeklyCurve curve = curves[c];
                        double[] x = scored.stream()
                                .mapToDouble(o -> curve.get(o.slot()))
                                .toArray();
                        rank[c][0] += EngagementPosterior.rankCorrelation(x, y);
                        rank[c][1]++;
                    }
                    double[][] keep = new double[4][];
                    int[] pick = {0, 4, 3};
                    for (int c = 0; c < 3; c++) {
                        WeeklyCurve curve = curves[pick[c]];
                        keep[c] = scored.stream()
                                .mapToDouble(o -> curve.get(o.slot()))
                                .toArray();
                    }
                    keep[3] = y;
                    perOrigin.add(keep);
                    System.out.printf(Locale.ROOT, "    origin %d: strength %.1f%n", k, p.strength());
                }
                System.out.printf(Locale.ROOT, "%s %s (strength selected on history)%n", zone, objective);
                for (int other = 1; other <= 2; other++) {
                    java.util.Random random = new java.util.Random(18);
                    double sum = 0, squares = 0;
                    int reps = 500;
                    for (int r = 0; r < reps; r++) {
                        double d = 0;
                        for (double[][] o : perOrigin) {
                            int m = o[3].length;
                            double[] a = new double[m], b = new double[m], yy = new double[m];
                            for (int i = 0; i < m; i++) {
                                int j = random.nextInt(m);
                                a[i] = o[other][j];
                                b[i] = o[0][j];
                                yy[i] = o[3][j];
                            }
                            d += (EngagementPosterior.rankCorrelation(a, yy)
                                            - EngagementPosterior.rankCorrelation(b, yy))
                                    / perOrigin.size();
                        }
                        sum += d;
                        squares += d * d;
                    }
                    double mean = sum / reps;
                    System.out.printf(
                            Locale.ROOT,
                            "  %s - selected: bootstrap mean %+.3f, SE %.3f%n",
                            other == 1 ? "hour-of-day mean" : "platform prior",
                            mean,
                            Math.sqrt(squares / reps - mean * mean));
                }
                for (int v = 0; v < VARIANTS.length; v++) {
                    print("  " + NAMES[v], counts[v]);
                }
                System.out.printf(
                        Locale.ROOT,
                        "  mean Spearman over origins: selected %+.3f, strength 0.5 %+.3f, strength 1 %+.3f,"
                                + " platform prior %+.3f, hour-of-day mean %+.3f, hour-of-week mean %+.3f%n",
                        rank[0][0] / rank[0][1],
                        rank[1][0] / rank[1][1],
                        rank[2][0] / rank[2][1],
                        rank[3][0] / rank[3][1],
                        rank[4][0] / rank[4][1],
                        rank[5][0] / rank[5][1]);
            }
        }
        System.out.println("pooled over zones and objectives");
        for (int v = 0; v < VARIANTS.length; v++) {
            print("  " + NAMES[v], total[v]);
        }
    }

    static void print(String name, long[] c) {
        long n = c[0] + c[1] + c[2];
        System.out.printf(
                Locale.ROOT,
                "%-20s inside %.1f%% (%d/%d), below %.1f%%, above %.1f%%%n",
                name,
                100.0 * c[0] / n,
                c[0],
                n,
                100.0 * c[1] / n,
                100.0 * c[2] / n);
    }

    /** Two-component Gaussian mixture fitted by EM; its 5% and 95% quantiles (as positive lower/upper ends). */
    static double[] mixtureEnds(double[] m) {
        double[] sorted = m.clone();
        Arrays.sort(sorted);
        int n = m.length;
        double w = 0.1;
        double mu0 = EngagementPosterior.quantile(sorted, 0.5);
        double s0 = 1;
        double mu1 = EngagementPosterior.quantile(sorted, 0.05);
        double s1 = 1;
        for (int it = 0; it < 200; it++) {
            double sw = 0, a0 = 0, b0 = 0, a1 = 0, b1 = 0, n0 = 0;
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                double p1 = w * phi((m[i] - mu1) / s1) / s1;
                double p0 = (1 - w) * phi((m[i] - mu0) / s0) / s0;
                r[i] = p1 / (p0 + p1);
                sw += r[i];
            }
            for (int i = 0; i < n; i++) {
                a1 += r[i] * m[i];
                a0 += (1 - r[i]) * m[i];
            }
            n0 = n - sw;
            mu1 = a1 / sw;
            mu0 = a0 / n0;
            for (int i = 0; i < n; i++) {
                b1 += r[i] * (m[i] - mu1) * (m[i] - mu1);
                b0 += (1 - r[i]) * (m[i] - mu0) * (m[i] - mu0);
            }
            s1 = Math.sqrt(Math.max(b1 / sw, 0.05));
            s0 = Math.sqrt(Math.max(b0 / n0, 0.05));
            w = Math.min(0.5, Math.max(1e-3, sw / n));
            if (mu1 > mu0) { // the "dud" is the lower component
                double t = mu1;
                mu1 = mu0;
                mu0 = t;
                t = s1;
                s1 = s0;
                s0 = t;
                w = 1 - w;
            }
        }
        final double fw = w, fm0 = mu0, fs0 = s0, fm1 = mu1, fs1 = s1;
        Function<Double, Double> cdf = x -> (1 - fw) * Phi((x - fm0) / fs0) + fw * Phi((x - fm1) / fs1);
        return new double[] {-invert(cdf, 0.05), invert(cdf, 0.95)};
    }

    static double invert(Function<Double, Double> cdf, double q) {
        double lo = -20, hi = 20;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (cdf.apply(mid) < q) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    static double phi(double z) {
        return Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    }

    static double Phi(double z) {
        // Abramowitz-Stegun 7.1.26 via erf
        double t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.sqrt(2));
        double e = 1
                - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
                        * t
                        * Math.exp(-z * z / 2);
        return z >= 0 ? (1 + e) / 2 : (1 - e) / 2;
    }

    /** Weighted 5%/95% quantiles, the newest post weighing most, weights halving every halfLife posts back. */
    static double[] recencyEnds(double[] m, double halfLife) {
        int n = m.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(m[a], m[b]));
        double total = 0;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = Math.pow(0.5, (n - 1 - i) / halfLife);
            total += w[i];
        }
        double low = Double.NaN, high = Double.NaN, acc = 0;
        for (int j = 0; j < n; j++) {
            acc += w[order[j]] / total;
            if (Double.isNaN(low) && acc >= 0.05) {
                low = m[order[j]];
            }
            if (Double.isNaN(high) && acc >= 0.95) {
                high = m[order[j]];
            }
        }
        return new double[] {-low, high};
    }

    static List<Post> read(List<String> lines, ZoneId file, ZoneId audience) {
        List<String> header = Arrays.asList(lines.getFirst().split(";", -1));
        int rows = lines.size() - 1;
        int history = (int) (rows * RealHistoryForwardSplit.HISTORY_SHARE);
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
        List<Post> posts = new ArrayList<>();
        for (String line : lines.subList(1, 1 + history)) {
            String[] c = line.split(";", -1);
            ZonedDateTime at = LocalDateTime.parse(c[header.indexOf("Posted")], format)
                    .atZone(file)
                    .withZoneSameInstant(audience);
            double interactions = number(c[header.indexOf("like")])
                    + number(c[header.indexOf("comment")])
                    + number(c[header.indexOf("share")]);
            posts.add(new Post(
                    at.toInstant().getEpochSecond() / 86_400.0,
                    WeeklyCurve.slot(at.getDayOfWeek(), at.getHour()),
                    interactions,
                    number(c[header.indexOf("Total Reach")])));
        }
        return posts;
    }

    private static double number(String cell) {
        return cell.isBlank() ? 0 : Double.parseDouble(cell);
    }
}
