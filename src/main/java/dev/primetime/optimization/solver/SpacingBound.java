package dev.primetime.optimization.solver;

import dev.primetime.optimization.solver.PlatformBound.Spacing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * The spacing-and-fatigue bound of one platform with a minimum gap (see {@link UpperBound}): the relaxed problem is a
 * choice of occupied slots along the time line, solved exactly by a dynamic program, under the prices of {@link
 * LagrangePrices}, lowered by {@link Subgradient} steps.
 */
final class SpacingBound {
    /** Fatigue is counted for slots at most this many apart; further ones are left out (fewer is still a bound). */
    private static final int MAX_FATIGUE_REACH = 400;
    /**
     * Up to this reach (ideal spacing in grid steps) the spacing bound charges each consecutive pair's fatigue with
     * both posts' own weights; beyond it the table of slot values by both neighbours' distances grows too large, and
     * the earlier post is charged the platform's lightest weight.
     */
    private static final int MAX_PAIRED_REACH = 32;
    /**
     * Up to this many occupancy patterns of the slots within the reach on both sides of a post, the spacing bound
     * charges every pair closer than the ideal spacing (not only consecutive ones) with both posts' own weights.
     */
    static final int MAX_WINDOWS = 256;

    private SpacingBound() {}

    /** The spacing-and-fatigue bound, started from the capacities bound's prices {@code start}. */
    /**
     * @param start the capacities bound's prices (λ of the caps)
     * @param placedAt where each item stands in a plan (grid index, or -1), for the starting μ (see {@link
     *     PlatformBound#planPrices}); null to start from the capacities bound's
     */
    static Spacing of(
            PlatformBound platform, double[] start, int[] placedAt, double target, long maxWork, BooleanSupplier stop) {
        int reachSlots = (int) Math.ceil((double) platform.rules.idealSpacingMinutes() / platform.granularityMinutes);
        int block = (platform.rules.minGapMinutes() + platform.granularityMinutes - 1) / platform.granularityMinutes;
        if (reachSlots <= MAX_PAIRED_REACH && windows(Math.max(1, reachSlots), block) != null) {
            return patterned(platform, start, placedAt, target, maxWork, stop);
        }
        if (reachSlots <= MAX_PAIRED_REACH) {
            return paired(platform, start, placedAt, target, maxWork, stop);
        }
        return lightestEarlier(platform, start, placedAt, target, maxWork, stop);
    }

    /**
     * The bound with the earlier post of each consecutive pair charged the platform's lightest weight, for a reach
     * whose table by both neighbours' distances would be too large.
     */
    private static Spacing lightestEarlier(
            PlatformBound platform, double[] start, int[] placedAt, double target, long maxWork, BooleanSupplier stop) {
        int block = (platform.rules.minGapMinutes() + platform.granularityMinutes - 1) / platform.granularityMinutes;
        int reach = Math.min(MAX_FATIGUE_REACH, (int)
                Math.ceil((double) platform.rules.idealSpacingMinutes() / platform.granularityMinutes));
        int far = Math.max(block, reach); // "far": at least this many slots since the last post, or none yet
        // Half the fatigue rate of two posts d slots apart: a pair pays it times the sum of their weights.
        int classes = Math.min(reach, far);
        double[] half = new double[classes];
        for (int d = 1; d < classes; d++) {
            double minutes = (double) d * platform.granularityMinutes;
            if (minutes < platform.rules.idealSpacingMinutes()) {
                double closeness =
                        (platform.rules.idealSpacingMinutes() - minutes) / platform.rules.idealSpacingMinutes();
                half[d] = ScheduleConstraints.FATIGUE * closeness / 2 * ScheduleConstraints.SCALE;
            }
        }
        int n = platform.capacity.length;
        LagrangePrices prices = new LagrangePrices(platform, start);
        prices.startFrom(platform.planPrices(placedAt, prices.lambda));
        double[] mu = prices.mu;
        double[] lambda = prices.lambda;
        // per slot and distance class (0: no fatigue; d: the previous post d slots back)
        double[][] slotValue = new double[platform.slots][classes];
        int[][] slotItem = new int[platform.slots][classes];
        double[] f = new double[far + 1];
        double[] g = new double[far + 1];
        short[][] from = new short[platform.slots][far + 1];
        int[] count = new int[platform.items];
        double[] usage = new double[n];
        Subgradient search = new Subgradient(10, Double.POSITIVE_INFINITY);
        // the dynamic program costs several slot evaluations per state (two moves, the way back)
        long perIteration = platform.work * classes + 4L * platform.slots * (far + 1);
        int maxIterations = (int) Math.max(1, Math.min(3000, maxWork / perIteration));
        int iteration = 0;
        for (; iteration < maxIterations && (iteration == 0 || !stop.getAsBoolean()); iteration++) {
            for (int t = 0; t < platform.slots; t++) {
                Arrays.fill(slotValue[t], Double.NEGATIVE_INFINITY);
                Arrays.fill(slotItem[t], -1);
            }
            for (int i = 0; i < platform.items; i++) {
                for (int s = 0; s < platform.values[i].length; s++) {
                    int t = platform.slotIndex[i][s];
                    double v = platform.values[i][s] - mu[i];
                    double[] value = slotValue[t];
                    int[] item = slotItem[t];
                    for (int c = 0; c < classes; c++) {
                        // the pair with the previous post pays at least half·(this weight + the lightest),
                        // less
                        // one unit for the constraint's rounding
                        double withFatigue = c == 0 ? v : v - half[c] * (platform.weight[i] + platform.minWeight) + 1;
                        if (withFatigue > value[c]) {
                            value[c] = withFatigue;
                            item[c] = i;
                        }
                    }
                }
            }
            for (int t = 0; t < platform.slots; t++) {
                if (slotItem[t][0] >= 0) {
                    double price = (platform.dayOf[t] >= 0 ? lambda[platform.dayOf[t]] : 0)
                            + (platform.weekOf[t] >= 0 ? lambda[platform.weekOf[t]] : 0);
                    for (int c = 0; c < classes; c++) {
                        slotValue[t][c] -= price;
                    }
                }
            }
            // f[d]: the best value so far with the last occupied slot d slots back (far: none, or far or more)
            Arrays.fill(f, Double.NEGATIVE_INFINITY);
            f[far] = 0;
            for (int t = 0; t < platform.slots; t++) {
                Arrays.fill(g, Double.NEGATIVE_INFINITY);
                for (int d = 1; d <= far; d++) {
                    if (f[d] == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    int next = Math.min(d + 1, far);
                    if (f[d] > g[next]) {
                        g[next] = f[d];
                        from[t][next] = (short) d;
                    }
                    if (slotItem[t][0] >= 0 && d >= block) {
                        double occupied = f[d] + slotValue[t][d < classes ? d : 0];
                        if (occupied > g[1]) {
                            g[1] = occupied;
                            from[t][1] = (short) -d; // negative: slot t is occupied, coming from d
                        }
                    }
                }
                double[] swap = f;
                f = g;
                g = swap;
            }
            int state = 1;
            for (int d = 1; d <= far; d++) {
                if (f[d] > f[state]) {
                    state = d;
                }
            }
            double bound = f[state];
            Arrays.fill(count, 0);
            Arrays.fill(usage, 0);
            for (int t = platform.slots - 1; t >= 0; t--) {
                int previous = from[t][state];
                if (state == 1 && previous < 0) {
                    count[slotItem[t][-previous < classes ? -previous : 0]]++;
                    if (platform.dayOf[t] >= 0) {
                        usage[platform.dayOf[t]]++;
                    }
                    if (platform.weekOf[t] >= 0) {
                        usage[platform.weekOf[t]]++;
                    }
                    state = -previous;
                } else {
                    state = previous;
                }
            }
            if (!prices.lower(search, bound, target, count, usage)) {
                break;
            }
        }
        return new Spacing(search.best(), iteration);
    }

    /**
     * The spacing-and-fatigue bound with each consecutive pair's fatigue charged with both posts' own weights:
     * a post pays, times its own weight, half the pair rate of its distance to the previous post and half that of
     * its distance to the next, so two consecutive posts together pay what the constraint charges them (less one
     * unit for its rounding). The dynamic program's state is the distance back to the last occupied slot and,
     * while that post's next neighbour may still come within the reach, its distance to the one before it: its
     * slot's best item is settled once both sides are known (the next post arrives, the reach passes, or the
     * horizon ends).
     */
    private static Spacing paired(
            PlatformBound platform, double[] start, int[] placedAt, double target, long maxWork, BooleanSupplier stop) {
        int block = (platform.rules.minGapMinutes() + platform.granularityMinutes - 1) / platform.granularityMinutes;
        int reach = Math.max(1, (int) Math.ceil(
                (double) platform.rules.idealSpacingMinutes() / platform.granularityMinutes)); // classes 0..reach-1
        int far = Math.max(block, reach);
        // per side and unit of weight: half the rate of a pair d slots apart (a pair pays rate·(w_a +
        // w_b))
        double[] rate = new double[reach];
        for (int d = 1; d < reach; d++) {
            double minutes = (double) d * platform.granularityMinutes;
            if (minutes < platform.rules.idealSpacingMinutes()) {
                double closeness =
                        (platform.rules.idealSpacingMinutes() - minutes) / platform.rules.idealSpacingMinutes();
                rate[d] = ScheduleConstraints.FATIGUE * closeness / 2 * ScheduleConstraints.SCALE;
            }
        }
        // states: 0 = none pending, the last post at least `far` back (or none yet); pending (d, c) for
        // 1 <= d < reach: the last post d back, c its previous neighbour's class; done (d) for reach <= d < far
        int pendingStates = (reach - 1) * reach;
        int states = 1 + pendingStates + (far - reach);
        int n = platform.capacity.length;
        LagrangePrices prices = new LagrangePrices(platform, start);
        prices.startFrom(platform.planPrices(placedAt, prices.lambda));
        double[] mu = prices.mu;
        double[] lambda = prices.lambda;
        SlotLines lines = SlotLines.of(platform);
        boolean[] occupiable = lines.occupiable();
        int cells = reach * reach;
        // per cell (previous class, next class): the summed rate, and the margin of half a unit per pair side
        // for the constraint's rounding; cells in order of rate
        double[] cellRate = new double[cells];
        double[] cellMargin = new double[cells];
        for (int cp = 0; cp < reach; cp++) {
            for (int cn = 0; cn < reach; cn++) {
                cellRate[cp * reach + cn] = rate[cp] + rate[cn];
                cellMargin[cp * reach + cn] = (cp > 0 ? 0.5 : 0) + (cn > 0 ? 0.5 : 0);
            }
        }
        int[] cellsByRate = IntStream.range(0, cells)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer c) -> cellRate[c]).thenComparingInt(c -> c))
                .mapToInt(Integer::intValue)
                .toArray();
        int[][] slotItems = lines.items();
        double[][] slotValues = lines.values();
        int widest = lines.widest();
        double[] hullSlope = new double[widest];
        double[] hullB = new double[widest];
        int[] hullItem = new int[widest];
        double[] value = new double[platform.slots * cells];
        int[] item = new int[platform.slots * cells];
        double[] price = new double[platform.slots];
        double[] f = new double[states];
        double[] g = new double[states];
        int[][] from = new int[platform.slots][states];
        int[] count = new int[platform.items];
        double[] usage = new double[n];
        Subgradient search = new Subgradient(10, Double.POSITIVE_INFINITY);
        long perIteration = 2 * platform.work + (long) platform.slots * cells + 3L * platform.slots * states;
        int maxIterations = (int) Math.max(1, Math.min(3000, maxWork / perIteration));
        int iteration = 0;
        for (; iteration < maxIterations && (iteration == 0 || !stop.getAsBoolean()); iteration++) {
            Arrays.fill(value, Double.NEGATIVE_INFINITY);
            Arrays.fill(item, -1);
            for (int t = 0; t < platform.slots; t++) {
                // each item is a line in the pair rate H: (value - mu) - H·weight; the upper envelope of the
                // slot's lines, walked with the cells in order of H, gives every cell's best item
                int hullSize =
                        upperEnvelope(slotItems[t], slotValues[t], mu, platform.weight, hullSlope, hullB, hullItem);
                if (hullSize == 0) {
                    continue;
                }
                int at = 0;
                int base = t * cells;
                for (int cell : cellsByRate) {
                    double h = cellRate[cell];
                    while (at + 1 < hullSize
                            && hullB[at + 1] + hullSlope[at + 1] * h >= hullB[at] + hullSlope[at] * h) {
                        at++;
                    }
                    value[base + cell] = hullB[at] + hullSlope[at] * h + cellMargin[cell];
                    item[base + cell] = hullItem[at];
                }
            }
            for (int t = 0; t < platform.slots; t++) {
                price[t] = (platform.dayOf[t] >= 0 ? lambda[platform.dayOf[t]] : 0)
                        + (platform.weekOf[t] >= 0 ? lambda[platform.weekOf[t]] : 0);
            }
            Arrays.fill(f, Double.NEGATIVE_INFINITY);
            f[0] = 0;
            for (int t = 0; t < platform.slots; t++) {
                Arrays.fill(g, Double.NEGATIVE_INFINITY);
                int[] back = from[t];
                for (int state = 0; state < states; state++) {
                    double here = f[state];
                    if (here == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    int d = distance(state, reach, far);
                    int c = state >= 1 && state <= pendingStates ? (state - 1) % reach : -1;
                    // leave slot t empty
                    int next;
                    double add = 0;
                    if (c >= 0 && d + 1 < reach) {
                        next = pending(d + 1, c, reach);
                    } else if (c >= 0) { // the reach passes: the pending post has no next neighbour in reach
                        add = settled(value, price, t - d, c, 0, reach);
                        next = reach < far ? done(reach, reach) : 0;
                    } else if (state != 0 && d + 1 < far) {
                        next = done(d + 1, reach);
                    } else {
                        next = 0;
                    }
                    if (here + add > g[next]) {
                        g[next] = here + add;
                        back[next] = state << 1;
                    }
                    // occupy slot t
                    if (occupiable[t] && (state == 0 || d >= block)) {
                        add = c >= 0 ? settled(value, price, t - d, c, d, reach) : 0;
                        if (reach > 1) {
                            next = pending(1, c >= 0 ? d : 0, reach);
                        } else {
                            add += settled(value, price, t, 0, 0, reach);
                            next = far > 1 ? done(1, reach) : 0;
                        }
                        if (here + add > g[next]) {
                            g[next] = here + add;
                            back[next] = (state << 1) | 1;
                        }
                    }
                }
                double[] swap = f;
                f = g;
                g = swap;
            }
            int state = 0;
            double bound = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < states; s++) {
                if (f[s] == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                double end = f[s];
                if (s >= 1 && s <= pendingStates) {
                    end += settled(value, price, platform.slots - distance(s, reach, far), (s - 1) % reach, 0, reach);
                }
                if (end > bound) {
                    bound = end;
                    state = s;
                }
            }
            Arrays.fill(count, 0);
            Arrays.fill(usage, 0);
            if (state >= 1 && state <= pendingStates) {
                use(
                        platform,
                        item,
                        platform.slots - distance(state, reach, far),
                        (state - 1) % reach,
                        0,
                        reach,
                        count,
                        usage);
            }
            for (int t = platform.slots - 1; t >= 0; t--) {
                int previous = from[t][state] >> 1;
                boolean occupied = (from[t][state] & 1) == 1;
                int d = distance(previous, reach, far);
                int c = previous >= 1 && previous <= pendingStates ? (previous - 1) % reach : -1;
                if (occupied) {
                    if (c >= 0) {
                        use(platform, item, t - d, c, d, reach, count, usage);
                    }
                    if (reach == 1) {
                        use(platform, item, t, 0, 0, reach, count, usage);
                    }
                } else if (c >= 0 && d + 1 >= reach) {
                    use(platform, item, t - d, c, 0, reach, count, usage);
                }
                state = previous;
            }
            if (!prices.lower(search, bound, target, count, usage)) {
                break;
            }
        }
        return new Spacing(search.best(), iteration);
    }

    /**
     * The occupancy patterns of the last {@code max(2·(reach−1), block−1)} slots (bit k: the slot k+1 back) with
     * occupied slots at least {@code block} apart, in increasing order; null when there are more than {@link
     * #MAX_WINDOWS}.
     */
    static long[] windows(int reach, int block) {
        int length = Math.max(2 * (reach - 1), block - 1);
        if (length > 62) {
            return null;
        }
        List<Long> found = new ArrayList<>();
        if (!collect(0L, length - 1, Math.max(1, block), length, found)) {
            return null;
        }
        return found.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** Extends {@code mask} with bits {@code top} down to 0 (bits above {@code top} set); false past the limit. */
    private static boolean collect(long mask, int top, int block, int length, List<Long> found) {
        if (top < 0) {
            found.add(mask);
            return found.size() <= MAX_WINDOWS;
        }
        if (!collect(mask, top - 1, block, length, found)) {
            return false;
        }
        // bit top set: no set bit within block-1 above it
        long above = block > 1 ? ((1L << (block - 1)) - 1) << (top + 1) : 0;
        if ((mask & above) == 0) {
            return collect(mask | (1L << top), top - 1, block, length, found);
        }
        return true;
    }

    /**
     * The spacing-and-fatigue bound with every pair of posts closer than the ideal spacing charged its fatigue with
     * both posts' own weights: a post pays, times its own weight, half the pair rate of its distance to each other
     * post within the reach on either side (consecutive or not), so any two posts together pay what the constraint
     * charges them (less one unit for its rounding). The dynamic program's state is the occupancy of the last
     * {@code 2·(reach−1)} slots (at least {@code block − 1}); a post's slot is settled, with its best item for the
     * summed rate of its neighbours, once the reach after it has passed. Where posts are packed (several within the
     * ideal spacing), this sees the fatigue between posts two or more apart, which {@link #paired} leaves out.
     */
    private static Spacing patterned(
            PlatformBound platform, double[] start, int[] placedAt, double target, long maxWork, BooleanSupplier stop) {
        int block = Math.max(
                1, (platform.rules.minGapMinutes() + platform.granularityMinutes - 1) / platform.granularityMinutes);
        int reach = Math.max(1, (int) Math.ceil(
                (double) platform.rules.idealSpacingMinutes() / platform.granularityMinutes)); // distances 1..reach-1
        double[] rate = new double[reach];
        for (int d = 1; d < reach; d++) {
            double minutes = (double) d * platform.granularityMinutes;
            if (minutes < platform.rules.idealSpacingMinutes()) {
                double closeness =
                        (platform.rules.idealSpacingMinutes() - minutes) / platform.rules.idealSpacingMinutes();
                rate[d] = ScheduleConstraints.FATIGUE * closeness / 2 * ScheduleConstraints.SCALE;
            }
        }
        long[] windows = windows(reach, block);
        int length = Math.max(2 * (reach - 1), block - 1);
        long keep = length == 0 ? 0 : (1L << length) - 1;
        long nearer = block > 1 ? (1L << (block - 1)) - 1 : 0; // the slots closer than the minimum gap
        int states = windows.length;
        int center = reach - 1; // the settled slot's bit in the window with the new slot as bit 0
        // per state and choice (0 empty, 1 occupied): the next state, and the settled slot's rate class (-1: none)
        int[][] nextState = new int[2][states];
        int[][] settledClass = new int[2][states];
        List<Double> classRates = new ArrayList<>();
        List<Double> classMargins = new ArrayList<>();
        java.util.Map<List<Double>, Integer> rateClass = new java.util.HashMap<>();
        for (int s = 0; s < states; s++) {
            for (int occ = 0; occ < 2; occ++) {
                long w = (windows[s] << 1) | occ;
                if (occ == 1 && (windows[s] & nearer) != 0) {
                    nextState[occ][s] = -1;
                    continue;
                }
                nextState[occ][s] = Arrays.binarySearch(windows, w & keep);
                settledClass[occ][s] = -1;
                if (((w >> center) & 1) == 1) {
                    double h = 0;
                    int neighbours = 0;
                    for (int k = 0; k <= 2 * center; k++) {
                        if (k != center && ((w >> k) & 1) == 1) {
                            h += rate[Math.abs(k - center)];
                            neighbours++;
                        }
                    }
                    // half a unit per side of each pair for the constraint's rounding
                    List<Double> key = List.of(h, 0.5 * neighbours);
                    Integer c = rateClass.get(key);
                    if (c == null) {
                        c = classRates.size();
                        rateClass.put(key, c);
                        classRates.add(h);
                        classMargins.add(0.5 * neighbours);
                    }
                    settledClass[occ][s] = c;
                }
            }
        }
        int cells = classRates.size();
        double[] cellRate = classRates.stream().mapToDouble(Double::doubleValue).toArray();
        double[] cellMargin =
                classMargins.stream().mapToDouble(Double::doubleValue).toArray();
        int[] cellsByRate = IntStream.range(0, cells)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer c) -> cellRate[c]).thenComparingInt(c -> c))
                .mapToInt(Integer::intValue)
                .toArray();
        int n = platform.capacity.length;
        LagrangePrices prices = new LagrangePrices(platform, start);
        prices.startFrom(platform.planPrices(placedAt, prices.lambda));
        double[] mu = prices.mu;
        double[] lambda = prices.lambda;
        SlotLines lines = SlotLines.of(platform);
        boolean[] occupiable = lines.occupiable();
        int[][] slotItems = lines.items();
        double[][] slotValues = lines.values();
        int widest = lines.widest();
        double[] hullSlope = new double[widest];
        double[] hullB = new double[widest];
        int[] hullItem = new int[widest];
        double[] value = new double[platform.slots * cells];
        int[] item = new int[platform.slots * cells];
        double[] price = new double[platform.slots];
        // the horizon runs on past the last slot by the reach (empty slots), so every post gets settled
        int steps = platform.slots + center;
        double[] f = new double[states];
        double[] g = new double[states];
        int[][] from = new int[steps][states];
        int[] count = new int[platform.items];
        double[] usage = new double[n];
        int empty = Arrays.binarySearch(windows, 0L);
        Subgradient search = new Subgradient(10, Double.POSITIVE_INFINITY);
        long perIteration = 2 * platform.work + (long) platform.slots * cells + 3L * steps * states;
        int maxIterations = (int) Math.max(1, Math.min(3000, maxWork / perIteration));
        int iteration = 0;
        for (; iteration < maxIterations && (iteration == 0 || !stop.getAsBoolean()); iteration++) {
            Arrays.fill(value, Double.NEGATIVE_INFINITY);
            Arrays.fill(item, -1);
            for (int t = 0; t < platform.slots; t++) {
                // each item is a line in the summed rate H: (value - mu) - H·weight; the upper envelope of the
                // slot's lines, walked with the classes in order of H, gives every class's best item
                int hullSize =
                        upperEnvelope(slotItems[t], slotValues[t], mu, platform.weight, hullSlope, hullB, hullItem);
                if (hullSize == 0) {
                    continue;
                }
                price[t] = (platform.dayOf[t] >= 0 ? lambda[platform.dayOf[t]] : 0)
                        + (platform.weekOf[t] >= 0 ? lambda[platform.weekOf[t]] : 0);
                int at = 0;
                int base = t * cells;
                for (int cell : cellsByRate) {
                    double h = cellRate[cell];
                    while (at + 1 < hullSize
                            && hullB[at + 1] + hullSlope[at + 1] * h >= hullB[at] + hullSlope[at] * h) {
                        at++;
                    }
                    value[base + cell] = hullB[at] + hullSlope[at] * h + cellMargin[cell] - price[t];
                    item[base + cell] = hullItem[at];
                }
            }
            Arrays.fill(f, Double.NEGATIVE_INFINITY);
            f[empty] = 0;
            for (int t = 0; t < steps; t++) {
                boolean open = t < platform.slots && occupiable[t];
                advance(f, g, from[t], nextState, settledClass, value, (t - center) * cells, open);
                double[] swap = f;
                f = g;
                g = swap;
            }
            // after the run-on every post is settled; the last `center` slots are empty, so the state is one of
            // those with no post in them
            int state = 0;
            double bound = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < states; s++) {
                if (f[s] > bound) {
                    bound = f[s];
                    state = s;
                }
            }
            Arrays.fill(count, 0);
            Arrays.fill(usage, 0);
            for (int t = steps - 1; t >= 0; t--) {
                int previous = from[t][state] >> 1;
                int occ = from[t][state] & 1;
                int c = settledClass[occ][previous];
                if (c >= 0) {
                    int settledAt = t - center;
                    count[item[settledAt * cells + c]]++;
                    if (platform.dayOf[settledAt] >= 0) {
                        usage[platform.dayOf[settledAt]]++;
                    }
                    if (platform.weekOf[settledAt] >= 0) {
                        usage[platform.weekOf[settledAt]]++;
                    }
                }
                state = previous;
            }
            if (!prices.lower(search, bound, target, count, usage)) {
                break;
            }
        }
        return new Spacing(search.best(), iteration);
    }

    /**
     * One slot of {@link #patterned}'s dynamic program: from the values {@code f} by state before the slot to {@code
     * g} after it, leaving the slot empty or (when {@code open}) occupying it, adding the settled slot's value (its
     * classes from {@code base}) where a post's reach has passed; {@code back} records each state's best predecessor
     * (shifted left, the low bit set when the slot was occupied). Its own method, so it is compiled early.
     */
    private static void advance(
            double[] f,
            double[] g,
            int[] back,
            int[][] nextState,
            int[][] settledClass,
            double[] value,
            int base,
            boolean open) {
        Arrays.fill(g, Double.NEGATIVE_INFINITY);
        int states = f.length;
        for (int occ = 0; occ <= (open ? 1 : 0); occ++) {
            int[] nexts = nextState[occ];
            int[] classes = settledClass[occ];
            for (int state = 0; state < states; state++) {
                double here = f[state];
                int next = nexts[state];
                if (here == Double.NEGATIVE_INFINITY || next < 0) {
                    continue;
                }
                int c = classes[state];
                double reached = c >= 0 ? here + value[base + c] : here;
                if (reached > g[next]) {
                    g[next] = reached;
                    back[next] = (state << 1) | occ;
                }
            }
        }
    }

    /** Where line {@code b1 + m1·x} meets line {@code b2 + m2·x} ({@code m2 > m1}). */
    /**
     * Per slot, the items allowed there by weight, heaviest first (their lines by slope), and their values; which
     * slots any item may take; the most items any slot allows. Both dynamic programs walk these.
     */
    private record SlotLines(int[][] items, double[][] values, boolean[] occupiable, int widest) {
        static SlotLines of(PlatformBound platform) {
            List<List<int[]>> bySlot = new ArrayList<>();
            for (int t = 0; t < platform.slots; t++) {
                bySlot.add(new ArrayList<>());
            }
            for (int i = 0; i < platform.items; i++) {
                for (int s = 0; s < platform.values[i].length; s++) {
                    bySlot.get(platform.slotIndex[i][s]).add(new int[] {i, s});
                }
            }
            int[][] items = new int[platform.slots][];
            double[][] values = new double[platform.slots][];
            boolean[] occupiable = new boolean[platform.slots];
            int widest = 1;
            for (int t = 0; t < platform.slots; t++) {
                List<int[]> here = bySlot.get(t);
                here.sort(Comparator.comparingDouble((int[] e) -> -platform.weight[e[0]])
                        .thenComparingInt(e -> e[0]));
                items[t] = new int[here.size()];
                values[t] = new double[here.size()];
                for (int k = 0; k < here.size(); k++) {
                    items[t][k] = here.get(k)[0];
                    values[t][k] = platform.values[here.get(k)[0]][here.get(k)[1]];
                }
                occupiable[t] = !here.isEmpty();
                widest = Math.max(widest, here.size());
            }
            return new SlotLines(items, values, occupiable, widest);
        }
    }

    /**
     * The upper envelope of a slot's item lines {@code (value - mu) - H·weight} in the pair rate H, items in order of
     * weight (slopes non-increasing); written into the hull arrays, its size returned. Both programs walk it with
     * their classes in order of H to give each class its best item.
     */
    private static int upperEnvelope(
            int[] byWeight,
            double[] values,
            double[] mu,
            double[] weight,
            double[] hullSlope,
            double[] hullB,
            int[] hullItem) {
        int hullSize = 0;
        for (int k = 0; k < byWeight.length; k++) {
            int i = byWeight[k];
            double b = values[k] - mu[i];
            double slope = -weight[i];
            if (hullSize > 0 && hullSlope[hullSize - 1] == slope) {
                if (b <= hullB[hullSize - 1]) {
                    continue;
                }
                hullSize--;
            }
            while (hullSize >= 2
                    && crossing(hullSlope[hullSize - 2], hullB[hullSize - 2], slope, b)
                            <= crossing(
                                    hullSlope[hullSize - 2],
                                    hullB[hullSize - 2],
                                    hullSlope[hullSize - 1],
                                    hullB[hullSize - 1])) {
                hullSize--;
            }
            hullSlope[hullSize] = slope;
            hullB[hullSize] = b;
            hullItem[hullSize] = i;
            hullSize++;
        }
        return hullSize;
    }

    private static double crossing(double m1, double b1, double m2, double b2) {
        return (b1 - b2) / (m2 - m1);
    }

    /** A state's distance back to the last occupied slot; {@code far} for state 0. */
    private static int distance(int state, int reach, int far) {
        if (state == 0) {
            return far;
        }
        int pendingStates = (reach - 1) * reach;
        return state <= pendingStates ? (state - 1) / reach + 1 : reach + (state - 1 - pendingStates);
    }

    private static int pending(int d, int c, int reach) {
        return 1 + (d - 1) * reach + c;
    }

    private static int done(int d, int reach) {
        return 1 + (reach - 1) * reach + (d - reach);
    }

    /** Slot {@code t}'s value with its neighbours' classes {@code cp} (before) and {@code cn} (after), priced. */
    private static double settled(double[] value, double[] price, int t, int cp, int cn, int reach) {
        return value[(t * reach + cp) * reach + cn] - price[t];
    }

    private static void use(
            PlatformBound platform, int[] item, int t, int cp, int cn, int reach, int[] count, double[] usage) {
        count[item[(t * reach + cp) * reach + cn]]++;
        if (platform.dayOf[t] >= 0) {
            usage[platform.dayOf[t]]++;
        }
        if (platform.weekOf[t] >= 0) {
            usage[platform.weekOf[t]]++;
        }
    }
}
