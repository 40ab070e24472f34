package dev.primetime.optimization.solver;

import dev.primetime.optimization.solver.PlatformBound.Spacing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The bound of one platform without a minimum gap, where several posts may share a slot (see {@link UpperBound}).
 * Posts in one slot are zero minutes apart: each such pair pays the full fatigue rate, so a post sharing its slot with
 * {@code k − 1} others pays {@code (k − 1)·h·w} ({@code h} half the same-minute pair rate, {@code w} its weight), and
 * that is all a slot's posts pay among themselves. Pairs in different slots are left out (fatigue only lowers the
 * score, so leaving some out keeps the bound an upper bound).
 *
 * <p>Price "each item placed exactly once" with a free {@code μ_i} and the day and week caps with {@code λ ≥ 0}, as
 * the spacing bound does (the prices of {@link LagrangePrices}). What is left falls apart by slot: each slot picks how
 * many posts {@code k} it holds and which, for {@code Σ (value − fixed-post fatigue − μ_i − λ of the slot) − (k − 1)·
 * h·Σ w}, which for each k is the k best items at that k's rate. The slot's best k is searched from 1 up while an
 * upper estimate of any larger k (the k best values without fatigue, less the lightest weight's fatigue) can still
 * win, so the relaxed optimum is exact: {@code Σ μ + Σ λ·capacity + Σ_slots max_k ≥ optimum} for ANY prices. This is
 * the Lagrangian dual of a configuration model (each slot chooses a set of posts), which counts the fatigue of a
 * crowded slot exactly where the concave bound only relaxes it.
 */
final class CrowdBound {
    /** How many of a slot's best entries one pass sets aside before the search for the best k reads them. */
    private static final int FRONT = 16;

    private CrowdBound() {}

    /**
     * @param start the capacities bound's prices (λ of the caps)
     * @param placedAt where each item stands in a plan (grid index, or -1), for the starting μ (see {@link
     *     PlatformBound#planPrices})
     */
    static Spacing of(
            PlatformBound platform, double[] start, int[] placedAt, double target, long maxWork, BooleanSupplier stop) {
        // half a same-minute pair's rate per unit of weight: a post pays it per other post in its slot
        double h = platform.rules.idealSpacingMinutes() > 0
                ? ScheduleConstraints.FATIGUE / 2 * ScheduleConstraints.SCALE
                : 0;
        int[] classOf = platform.classes();
        LagrangePrices prices = new LagrangePrices(platform, start, classOf);
        double[] mu = prices.mu;
        double[] lambda = prices.lambda;
        int classes = 0;
        for (int c : classOf) {
            classes = Math.max(classes, c + 1);
        }
        // per class: one member (the prices are equal within a class) and its weight
        int[] member = new int[classes];
        double[] classWeight = new double[classes];
        for (int i = platform.items - 1; i >= 0; i--) {
            member[classOf[i]] = i;
            classWeight[classOf[i]] = platform.weight[i];
        }
        // per slot: the classes allowed there, how many of their items, and their value there (equal in a class)
        List<Map<Integer, int[]>> bySlot = new ArrayList<>();
        for (int t = 0; t < platform.slots; t++) {
            bySlot.add(new LinkedHashMap<>());
        }
        for (int i = 0; i < platform.items; i++) {
            for (int s = 0; s < platform.values[i].length; s++) {
                int[] entry = bySlot.get(platform.slotIndex[i][s]).computeIfAbsent(classOf[i], c -> new int[] {0, 0});
                entry[0]++;
                entry[1] = s;
            }
        }
        int[][] slotClass = new int[platform.slots][];
        int[][] slotCount = new int[platform.slots][];
        double[][] slotValue = new double[platform.slots][];
        int widest = 1;
        for (int t = 0; t < platform.slots; t++) {
            Map<Integer, int[]> here = bySlot.get(t);
            slotClass[t] = new int[here.size()];
            slotCount[t] = new int[here.size()];
            slotValue[t] = new double[here.size()];
            int e = 0;
            for (Map.Entry<Integer, int[]> entry : here.entrySet()) {
                int c = entry.getKey();
                int s = entry.getValue()[1];
                slotClass[t][e] = c;
                slotCount[t][e] = entry.getValue()[0];
                // the fatigue with fixed posts is already rounded down per pair
                slotValue[t][e] = platform.values[member[c]][s] - platform.fixedFatigue[member[c]][s];
                e++;
            }
            widest = Math.max(widest, here.size());
        }
        prices.startFrom(platform.planPrices(placedAt, lambda));
        int n = platform.capacity.length;
        double[] sortedValue = new double[widest];
        int[] sortedEntry = new int[widest];
        double[] work = new double[widest];
        int[] sorted = new int[1]; // how far the slot's entries are sorted (see extend)
        double[] front = new double[FRONT];
        int[] workEntry = new int[widest];
        int[] taken = new int[classes];
        int[] count = new int[platform.items];
        double[] usage = new double[n];
        Subgradient search = new Subgradient(10, Double.POSITIVE_INFINITY);
        long entries = 0;
        for (int t = 0; t < platform.slots; t++) {
            entries += slotClass[t].length;
        }
        long perIteration = 4L * entries + 16L * platform.slots + platform.items;
        int maxIterations = (int) Math.max(1, Math.min(5000, maxWork / perIteration));
        double lightest = 2 * h * platform.minWeight - 0.5; // fatigue per pair at least, rounding allowed
        int iteration = 0;
        for (; iteration < maxIterations && (iteration == 0 || !stop.getAsBoolean()); iteration++) {
            Arrays.fill(count, 0);
            Arrays.fill(usage, 0);
            double relaxed = 0;
            for (int t = 0; t < platform.slots; t++) {
                int m = slotClass[t].length;
                if (m == 0) {
                    continue;
                }
                double price = platform.price(lambda, t);
                // sorted only as far as the search for the best k reads: it stops after a few posts, where a
                // full sort of every class allowed here cost most of the bound's time at 5,000 items. One pass
                // computes the values and keeps the FRONT largest aside (a small sorted buffer), one more moves
                // those to the front; extend() sorts further should the search read past them.
                double[] slotValues = slotValue[t];
                int[] classesHere = slotClass[t];
                int held = 0;
                for (int e = 0; e < m; e++) {
                    double v = slotValues[e] - mu[member[classesHere[e]]] - price;
                    sortedValue[e] = v;
                    sortedEntry[e] = e;
                    if (held < FRONT || v > front[FRONT - 1]) {
                        int b = held < FRONT ? held++ : FRONT - 1;
                        while (b > 0 && front[b - 1] < v) {
                            front[b] = front[b - 1];
                            b--;
                        }
                        front[b] = v;
                    }
                }
                if (m <= FRONT) {
                    sorted[0] = 0;
                    extend(sortedValue, sortedEntry, m, m, sorted);
                } else {
                    double threshold = front[FRONT - 1];
                    int j = 0;
                    for (int e = 0; e < m; e++) {
                        if (sortedValue[e] >= threshold) {
                            swap(sortedValue, sortedEntry, e, j);
                            j++;
                        }
                    }
                    // the front holds every value at least the threshold (ties too), the rest lies below it
                    sortDescending(sortedValue, sortedEntry, 0, j, j);
                    sorted[0] = j;
                }
                // f(k) for k = 1, 2, ... while an upper estimate of a larger k can still beat the best
                double best = 0;
                int bestK = 0;
                double prefix = 0; // the k best reduced values, without fatigue
                int at = 0; // the sorted entry holding the k-th best item
                int usedAt = 0; // of its items, how many are among the k best
                for (int k = 1; at < m; k++) {
                    extend(sortedValue, sortedEntry, m, at + 1, sorted);
                    double kth = sortedValue[at];
                    prefix += kth;
                    if (++usedAt == slotCount[t][sortedEntry[at]]) {
                        at++;
                        usedAt = 0;
                    }
                    double pairs = k * (k - 1) / 2.0;
                    // any k' >= k holds at most the k' best values less the lightest weight's fatigue per pair
                    // (plus the rounding margin): concave in k', and past k it grows by at most
                    // max(0, the k-th value) − lightest·k per post, so once that is not positive and the estimate
                    // is no better than the best, no larger k wins
                    double estimate = prefix - lightest * pairs;
                    double slope = Math.max(0, kth) - lightest * k;
                    double exact = topK(
                                    t,
                                    sortedValue,
                                    sortedEntry,
                                    m,
                                    k,
                                    h,
                                    platform.minWeight,
                                    slotClass,
                                    slotCount,
                                    classWeight,
                                    work,
                                    workEntry,
                                    null,
                                    sorted)
                            + 0.5 * pairs;
                    if (exact > best) {
                        best = exact;
                        bestK = k;
                    }
                    if (estimate <= best && slope <= 0) {
                        break;
                    }
                }
                if (bestK > 0) {
                    relaxed += best;
                    topK(
                            t,
                            sortedValue,
                            sortedEntry,
                            m,
                            bestK,
                            h,
                            platform.minWeight,
                            slotClass,
                            slotCount,
                            classWeight,
                            work,
                            workEntry,
                            taken,
                            sorted);
                    if (platform.dayOf[t] >= 0) {
                        usage[platform.dayOf[t]] += bestK;
                    }
                    if (platform.weekOf[t] >= 0) {
                        usage[platform.weekOf[t]] += bestK;
                    }
                }
            }
            // the prices are tied within a class, so where in the class the count lands does not matter
            for (int c = 0; c < classes; c++) {
                count[member[c]] += taken[c];
                taken[c] = 0;
            }
            if (!prices.lower(search, relaxed, target, count, usage)) {
                break;
            }
        }
        return new Spacing(search.best(), iteration);
    }

    /**
     * The sum of the k best {@code value − (k − 1)·h·weight} over a slot's items, given by class entries sorted by
     * value (descending, as far as {@code sorted} says; {@link #extend} sorts further) with their item counts. The
     * entries are read in order of value and the k best kept in a small buffer (sorted, its last entry trimmed once
     * the others hold k items); reading stops at the first entry whose value at the lightest weight cannot beat the
     * buffer's k-th item, since no later entry can either (values only fall, and none is lighter). When {@code taken}
     * is given, how many items of each class were chosen is added to it.
     */
    private static double topK(
            int t,
            double[] value,
            int[] entry,
            int m,
            int k,
            double h,
            double lightest,
            int[][] slotClass,
            int[][] slotCount,
            double[] classWeight,
            double[] work,
            int[] workEntry,
            int[] taken,
            int[] sorted) {
        double rate = (k - 1) * h;
        int size = 0; // buffer entries in work/workEntry, by adjusted value descending
        int held = 0; // items they hold
        for (int e = 0; e < m; e++) {
            extend(value, entry, m, e + 1, sorted);
            if (held >= k && value[e] - rate * lightest <= work[size - 1]) {
                break;
            }
            int en = entry[e];
            double adjusted = value[e] - rate * classWeight[slotClass[t][en]];
            if (held >= k && adjusted <= work[size - 1]) {
                continue;
            }
            int b = size++;
            while (b > 0 && work[b - 1] < adjusted) {
                work[b] = work[b - 1];
                workEntry[b] = workEntry[b - 1];
                b--;
            }
            work[b] = adjusted;
            workEntry[b] = en;
            held += slotCount[t][en];
            while (held - slotCount[t][workEntry[size - 1]] >= k) {
                held -= slotCount[t][workEntry[--size]];
            }
        }
        double sum = 0;
        int left = k;
        for (int j = 0; j < size && left > 0; j++) {
            int take = Math.min(left, slotCount[t][workEntry[j]]);
            sum += take * work[j];
            left -= take;
            if (taken != null) {
                taken[slotClass[t][workEntry[j]]] += take;
            }
        }
        return sum;
    }

    /**
     * Makes sure the first {@code need} of {@code value[0..m)} are its largest, sorted descending; {@code sorted[0]}
     * says how far that already holds (what lies past it is no larger than what lies before). Extends by doubling,
     * so a slot read to depth d costs about one partial sort to depth 2d.
     */
    static void extend(double[] value, int[] item, int m, int need, int[] sorted) {
        if (need <= sorted[0] || sorted[0] >= m) {
            return;
        }
        int upTo = Math.min(m, Math.max(need, Math.max(8, 2 * sorted[0])));
        sortDescending(value, item, sorted[0], m, upTo);
        sorted[0] = upTo;
    }

    /**
     * Orders {@code value[0..m)} (with {@code item}) descending far enough that its first {@code upTo} places hold the
     * {@code upTo} largest, sorted; the rest are no larger than those, in any order. A quicksort that skips the parts
     * lying wholly past {@code upTo}.
     */
    static void sortDescending(double[] value, int[] item, int from, int to, int upTo) {
        while (to - from > 16) {
            if (from >= upTo) {
                return;
            }
            double pivot = median(value[from], value[(from + to) >>> 1], value[to - 1]);
            int i = from;
            int j = to - 1;
            while (i <= j) {
                while (value[i] > pivot) {
                    i++;
                }
                while (value[j] < pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(value, item, i, j);
                    i++;
                    j--;
                }
            }
            // [from, j] >= pivot >= [i, to); recurse into the smaller side, loop on the other
            if (j + 1 - from < to - i) {
                sortDescending(value, item, from, j + 1, upTo);
                from = i;
            } else {
                sortDescending(value, item, i, to, upTo);
                to = j + 1;
            }
        }
        if (from >= upTo) {
            return;
        }
        for (int a = from + 1; a < to; a++) {
            double v = value[a];
            int it = item[a];
            int b = a - 1;
            while (b >= from && value[b] < v) {
                value[b + 1] = value[b];
                item[b + 1] = item[b];
                b--;
            }
            value[b + 1] = v;
            item[b + 1] = it;
        }
    }

    private static double median(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    /** Swaps two entries of parallel arrays (a value and the entry it belongs to). */
    private static void swap(double[] value, int[] entry, int i, int j) {
        double v = value[i];
        value[i] = value[j];
        value[j] = v;
        int e = entry[i];
        entry[i] = entry[j];
        entry[j] = e;
    }
}
