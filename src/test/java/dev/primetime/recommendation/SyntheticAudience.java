package dev.primetime.recommendation;

import dev.primetime.platform.WeeklyCurve;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Audiences with a known truth, for tests and the quality benchmark: a true hour-of-week curve of mean
 * engagement, and noisy posts drawn from it.
 */
final class SyntheticAudience {
    private final double[] truth;
    private final double scale;
    private final double noiseSd;

    SyntheticAudience(double[] truth, double scale, double noiseSd) {
        this.truth = truth.clone();
        this.scale = scale;
        this.noiseSd = noiseSd;
    }

    double truth(int slot) {
        return truth[slot];
    }

    /** A post at {@code slot}: mean scale × truth, log-normal noise. */
    EngagementPosterior.Observation post(int slot, Random random) {
        double value = scale * truth[slot] * Math.exp(noiseSd * random.nextGaussian() - noiseSd * noiseSd / 2);
        return new EngagementPosterior.Observation(slot, Math.round(value));
    }

    /** A curve peaking at {@code peakHours} local on {@code days} (0 = Monday), with a daytime plateau elsewhere. */
    static double[] curve(int[] days, int[] peakHours, double nightLevel) {
        double[] c = new double[WeeklyCurve.SLOTS];
        for (int d = 0; d < 7; d++) {
            for (int h = 0; h < 24; h++) {
                double v = h < 7 ? nightLevel : 0.35 + 0.1 * Math.sin((h - 7) / 16.0 * Math.PI);
                for (int day : days) {
                    for (int peak : peakHours) {
                        if (d == day) {
                            v = Math.max(v, 1.0 - 0.25 * Math.abs(h - peak));
                        }
                    }
                }
                c[d * 24 + h] = Math.max(v, nightLevel);
            }
        }
        return c;
    }

    /** The platform curves of migration V3, read from the classpath. */
    static Map<String, WeeklyCurve> platformCurves() {
        try (InputStream in =
                SyntheticAudience.class.getResourceAsStream("/db/migration/V3__platform_hour_of_week_curves.sql")) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile(
                            "ARRAY\\[([^\\]]+)\\]::double precision\\[\\]\\s*WHERE platform = '(\\w+)' AND content_type = '(\\w+)'")
                    .matcher(sql);
            Map<String, WeeklyCurve> curves = new LinkedHashMap<>();
            while (m.find()) {
                double[] values = Arrays.stream(m.group(1).split(","))
                        .mapToDouble(s -> Double.parseDouble(s.strip()))
                        .toArray();
                curves.put(m.group(2) + "/" + m.group(3), WeeklyCurve.of(values));
            }
            return curves;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The best {@code count} slots of a curve that are at least {@code gapHours} apart (a week is circular).
     */
    static List<Integer> top(double[] values, int count, int gapHours) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order,
                (a, b) -> Double.compare(values[b], values[a]) != 0 ? Double.compare(values[b], values[a]) : a - b);
        List<Integer> chosen = new ArrayList<>();
        for (int slot : order) {
            if (chosen.size() == count) {
                break;
            }
            boolean far = chosen.stream().allMatch(c -> {
                int d = Math.abs(c - slot);
                return Math.min(d, WeeklyCurve.SLOTS - d) >= gapHours;
            });
            if (far) {
                chosen.add(slot);
            }
        }
        return chosen;
    }
}
