package dev.primetime.optimization.solver;

import dev.primetime.optimization.solver.PlatformBound.Spacing;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/** The concave (Frank–Wolfe) bound of one platform's fatigue; see {@link #of}. */
final class ConcaveBound {
    private ConcaveBound() {}

    /**
     * A concave relaxation that charges every pair of posts closer than the ideal spacing, not only consecutive
     * ones, and needs no minimum gap (so it also sees the fatigue of platforms without one, where posts may share
     * a slot). Each pair pays at least {@code r(d)·√(w_a·w_b)} (the geometric mean is at most the arithmetic
     * one); with {@code u = √w} and {@code U_s} the summed u of the posts at slot s, all pairs together pay
     * {@code ½·Uᵀ R U − ½·r(0)·Σ w}, where {@code R_st = r(|d_st|)} is a triangle kernel, positive semidefinite
     * (its Fourier transform is a squared sinc). So over fractional placements (each item's fractions summing to
     * one) the objective less this fatigue, less the caps priced by λ ≥ 0, is concave, and for any fractional
     * placement x and the gradient g there, {@code h(x) + max_y g·(y − x)} bounds it from above, the max taken
     * item by item. Frank–Wolfe steps (exact line search: h is quadratic) move x towards that max, and λ follows
     * the caps' usage; every iterate's value is a true bound, the smallest is kept. Half a unit per possible
     * pair is added for the constraint's rounding.
     */
    static Spacing of(PlatformBound platform, double[] start, double target, long maxWork, BooleanSupplier stop) {
        int n = platform.capacity.length;
        double[] lambda = new double[n];
        for (int r = 0; r < n; r++) {
            lambda[r] = platform.isBlock[r] ? 0 : start[r];
        }
        int reach = (int) Math.ceil((double) platform.rules.idealSpacingMinutes() / platform.granularityMinutes);
        double[] kernel = new double[Math.max(1, reach)];
        for (int d = 0; d < kernel.length; d++) {
            double minutes = (double) d * platform.granularityMinutes;
            if (minutes < platform.rules.idealSpacingMinutes()) {
                kernel[d] = ScheduleConstraints.FATIGUE
                        * (platform.rules.idealSpacingMinutes() - minutes)
                        / platform.rules.idealSpacingMinutes()
                        * ScheduleConstraints.SCALE;
            }
        }
        double[] u = new double[platform.items];
        double selfTerm = 0;
        for (int i = 0; i < platform.items; i++) {
            u[i] = Math.sqrt(platform.weight[i]);
            if (platform.values[i].length > 0) {
                selfTerm += kernel[0] * platform.weight[i] / 2;
            }
        }
        double rounding = 0.5 * platform.items * (platform.items - 1) / 2.0;
        // x: each item's fractions over its allowed slots; start at each item's best priced slot
        double[][] x = new double[platform.items][];
        double[] bigU = new double[platform.slots];
        for (int i = 0; i < platform.items; i++) {
            x[i] = new double[platform.values[i].length];
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < platform.values[i].length; k++) {
                double g = platform.values[i][k]
                        - platform.fixedFatigue[i][k]
                        - platform.price(lambda, platform.slotIndex[i][k]);
                if (g > bestValue) {
                    bestValue = g;
                    best = k;
                }
            }
            if (best >= 0) {
                x[i][best] = 1;
                bigU[platform.slotIndex[i][best]] += u[i];
            }
        }
        double[] ru = convolve(bigU, kernel);
        double[] uy = new double[platform.slots];
        int[] chosen = new int[platform.items];
        double[] usage = new double[n];
        Subgradient search = new Subgradient(20, Double.POSITIVE_INFINITY);
        long perIteration = 3 * platform.work + 2L * platform.slots * kernel.length;
        int maxIterations = (int) Math.max(1, Math.min(20_000, maxWork / perIteration));
        int iteration = 0;
        for (; iteration < maxIterations && (iteration == 0 || !stop.getAsBoolean()); iteration++) {
            // h(x) and the linear maximization over the items' slots
            double linear = 0; // Σ (v − φ − price)·x
            double gx = 0; // gradient · x
            double gy = 0; // gradient · y at the maximizer y
            Arrays.fill(uy, 0);
            Arrays.fill(usage, 0);
            for (int i = 0; i < platform.items; i++) {
                int best = -1;
                double bestGradient = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < platform.values[i].length; k++) {
                    int t = platform.slotIndex[i][k];
                    double own = platform.values[i][k] - platform.fixedFatigue[i][k] - platform.price(lambda, t);
                    double gradient = own - u[i] * ru[t];
                    double xi = x[i][k];
                    if (xi != 0) {
                        linear += own * xi;
                        gx += gradient * xi;
                        if (platform.dayOf[t] >= 0) {
                            usage[platform.dayOf[t]] += xi;
                        }
                        if (platform.weekOf[t] >= 0) {
                            usage[platform.weekOf[t]] += xi;
                        }
                    }
                    if (gradient > bestGradient) {
                        bestGradient = gradient;
                        best = k;
                    }
                }
                chosen[i] = best;
                if (best >= 0) {
                    gy += bestGradient;
                    uy[platform.slotIndex[i][best]] += u[i];
                }
            }
            double quadratic = 0;
            for (int t = 0; t < platform.slots; t++) {
                quadratic += bigU[t] * ru[t];
            }
            double prices = 0;
            for (int r = 0; r < n; r++) {
                if (!platform.isBlock[r]) {
                    prices += lambda[r] * platform.capacity[r];
                }
            }
            double h = linear - quadratic / 2 + selfTerm + prices;
            double bound = h + (gy - gx) + rounding;
            if (!search.record(bound) && search.stalled()) {
                break;
            }
            // Frank–Wolfe step towards y with exact line search
            double[] ruy = convolve(uy, kernel);
            double curvature = 0; // (U_y − U)ᵀ R (U_y − U)
            for (int t = 0; t < platform.slots; t++) {
                curvature += (uy[t] - bigU[t]) * (ruy[t] - ru[t]);
            }
            double slope = gy - gx;
            double gamma = curvature <= 0 ? 1 : Math.min(1, Math.max(0, slope / curvature));
            if (gamma > 0) {
                for (int i = 0; i < platform.items; i++) {
                    double[] xi = x[i];
                    for (int k = 0; k < xi.length; k++) {
                        xi[k] *= 1 - gamma;
                    }
                    if (chosen[i] >= 0) {
                        xi[chosen[i]] += gamma;
                    }
                }
                for (int t = 0; t < platform.slots; t++) {
                    bigU[t] = (1 - gamma) * bigU[t] + gamma * uy[t];
                    ru[t] = (1 - gamma) * ru[t] + gamma * ruy[t];
                }
            }
            // the caps' prices follow their usage (a projected subgradient step on the dual)
            double norm = 0;
            for (int r = 0; r < n; r++) {
                double g = platform.capacity[r] - usage[r];
                if (!platform.isBlock[r] && (lambda[r] > 0 || g < 0)) {
                    norm += g * g;
                }
            }
            if (norm > 1e-12) {
                double step = search.step(search.best(), target, norm) / 4;
                for (int r = 0; r < n; r++) {
                    if (!platform.isBlock[r]) {
                        lambda[r] = Math.max(0, lambda[r] - step * (platform.capacity[r] - usage[r]));
                    }
                }
            }
        }
        return new Spacing(search.best(), iteration);
    }

    /** {@code (R·v)_t = Σ_k kernel[|k|]·v[t + k]}. */
    private static double[] convolve(double[] v, double[] kernel) {
        double[] out = new double[v.length];
        for (int t = 0; t < v.length; t++) {
            if (v[t] == 0) {
                continue;
            }
            double vt = v[t];
            out[t] += kernel[0] * vt;
            for (int k = 1; k < kernel.length; k++) {
                if (t + k < v.length) {
                    out[t + k] += kernel[k] * vt;
                }
                if (t - k >= 0) {
                    out[t - k] += kernel[k] * vt;
                }
            }
        }
        return out;
    }
}
