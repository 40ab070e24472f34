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
 * The curve's 90% interval on a forward split inside the UCI page's history (issue 18), to choose the allowance for
 * the level's drift without looking at the posts bench/recommendation-real holds out: of the file's 500 posts
 * (oldest first, as bench/tools/facebook_publish_times.py rebuilds them) only the bench's history, the oldest 70%,
 * is read; the model is fitted on its oldest 70% and the share of the next posts inside the interval is printed,
 * for several horizons of the drift allowance and without it.
 *
 * <p>Usage: RealHistoryForwardSplit rows.csv (from facebook_publish_times.py) [file zone] [audience zone] [whole: fit
 * the whole history and print what it measures, nothing scored]
 */
final class RealHistoryForwardSplit {
    static final double HISTORY_SHARE = 0.7; // as bench/tools/recommendation_real.py: the rest is never read here

    record Post(double day, int slot, double interactions, double reach) {}

    public static void main(String[] args) throws IOException {
        ZoneId file = ZoneId.of(args.length > 1 ? args[1] : "America/Los_Angeles");
        ZoneId audience = ZoneId.of(args.length > 2 ? args[2] : "Europe/Lisbon");
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        List<String> header = Arrays.asList(lines.getFirst().split(";", -1));
        int rows = lines.size() - 1;
        int history = (int) (rows * HISTORY_SHARE);
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
        WeeklyCurve prior = SyntheticAudience.platformCurves().get("facebook/post");
        int cut = (int) (history * HISTORY_SHARE);
        if (args.length > 3 && args[3].equals("whole")) {
            // the whole history as the bench imports it: what the service's fit measures, nothing scored
            cut = history;
        }
        System.out.printf(
                Locale.ROOT,
                "history %d posts (of %d); fitted on the oldest %d, scored on the next %d; audience %s%n",
                history,
                rows,
                cut,
                history - cut,
                audience);
        report("interactions", p -> p.interactions(), prior, posts, cut);
        report(
                "engagement_rate",
                p -> p.reach() > 0 ? 10_000 * p.interactions() / p.reach() : Double.NaN,
                prior,
                posts,
                cut);
    }

    static void report(String name, Function<Post, Double> outcome, WeeklyCurve prior, List<Post> posts, int cut) {
        List<EngagementPosterior.Observation> fitted = new ArrayList<>();
        List<EngagementPosterior.Observation> scored = new ArrayList<>();
        for (int i = 0; i < posts.size(); i++) {
            double y = outcome.apply(posts.get(i));
            if (Double.isNaN(y)) {
                continue;
            }
            var o = new EngagementPosterior.Observation(
                    posts.get(i).slot(), y, posts.get(i).day());
            (i < cut ? fitted : scored).add(o);
        }
        EngagementPosterior posterior = EngagementPosterior.fit(prior, fitted);
        EngagementPosterior.Drift drift = posterior.drift();
        double last = fitted.getLast().day();
        if (scored.isEmpty()) {
            System.out.printf(
                    Locale.ROOT,
                    "%s, all %d history posts: ends -%.2f/+%.2f SD, noise variance %.3f, drift q %.5f/day, span %.1f"
                            + " days, swings %.4f, drift variance at %d days %.4f%n",
                    name,
                    fitted.size(),
                    posterior.lowerZ(),
                    posterior.upperZ(),
                    posterior.noiseVariance(),
                    drift.rate(),
                    drift.span(),
                    drift.swings(),
                    (int) EngagementPosterior.HORIZON_DAYS,
                    posterior.driftVariance());
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "%s: ends -%.2f/+%.2f SD, noise variance %.3f, drift q %.5f/day, span %.1f days, swings %.4f,"
                        + " scored posts %.0f-%.0f days after the last fitted one%n",
                name,
                posterior.lowerZ(),
                posterior.upperZ(),
                posterior.noiseVariance(),
                drift.rate(),
                drift.span(),
                drift.swings(),
                scored.getFirst().day() - last,
                scored.getLast().day() - last);
        for (double horizon : new double[] {Double.NaN, 0, EngagementPosterior.HORIZON_DAYS, 90}) {
            double d = Double.isNaN(horizon) ? 0 : drift.variance(horizon);
            WeeklyCurve lower = posterior.predictive(-posterior.lowerZ(), d);
            WeeklyCurve upper = posterior.predictive(posterior.upperZ(), d);
            int inside = 0;
            for (var o : scored) {
                double r = posterior.relativeOutcome(o.engagement());
                inside += r >= lower.get(o.slot()) && r <= upper.get(o.slot()) ? 1 : 0;
            }
            System.out.printf(
                    Locale.ROOT,
                    "  %-22s drift variance %.3f: %d of %d inside (%.1f%%)%n",
                    Double.isNaN(horizon) ? "no drift allowance" : "horizon " + (int) horizon + " days",
                    d,
                    inside,
                    scored.size(),
                    100.0 * inside / scored.size());
        }
    }

    private static double number(String cell) {
        return cell.isBlank() ? 0 : Double.parseDouble(cell);
    }
}
