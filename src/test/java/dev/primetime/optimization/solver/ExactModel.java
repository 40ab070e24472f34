package dev.primetime.optimization.solver;

import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optimizer's model solved exactly by OR-Tools CP-SAT (test and bench scope only), the reference the service's
 * answers and bounds are measured against. The same rules as {@link ScheduleConstraints}, written as a CP-SAT model
 * over one Boolean per (movable post, allowed slot):
 *
 * <ul>
 *   <li>each movable post in exactly one of its allowed slots (its window, less blackouts);
 *   <li>minimum gap: for each occupied minute, the posts of its platform in the next {@code gap} minutes, itself
 *       included, number at most one (any two posts closer than the gap share such a window); none closer than the
 *       gap to a fixed post;
 *   <li>daily and weekly caps: the movable posts of a platform's day (week) at most the cap less its fixed posts,
 *       and none when fixed posts already fill it;
 *   <li>stagger: a post of a content and a post of the same content on another platform never closer than the
 *       stagger;
 *   <li>objective: engagement less fatigue. Fatigue with fixed posts is linear (rounded per pair as the constraint
 *       rounds); between movable posts it is {@code Σ_s W_s·A_s − rate(0)·W_s}, where {@code W_s} is the summed
 *       weight of the posts in slot s, {@code n_t} the number of posts in slot t and
 *       {@code A_s = Σ_t rate(|d_st|)·n_t} over the slots fewer than the ideal spacing from s (s itself included):
 *       one exact integer product per slot, where a product per pair of slots made the model too large to solve at
 *       15-minute granularity.
 * </ul>
 *
 * The objective is scaled by {@link #Q}; the fatigue rates are rounded to whole scaled units, and the constraint rounds
 * each pair to a score unit, so the model's optimum and the score of its plan differ by at most one score unit per
 * pair ({@link Result#slack}). What is reported as the optimum is the solver's own score of CP-SAT's plan.
 */
public final class ExactModel {
    /** Scaled units per score unit in CP-SAT's objective. */
    private static final long Q = 1000;
    /** Up to this many slot pairs within the ideal spacing on a platform, fatigue is written pair by pair. */
    private static final long PAIRWISE_MAX = 20_000;
    /** Weight layers of the fatigue cuts ({@link #fatigueCuts}). */
    private static final int LAYERS = 3;
    /** {@code -Dexact.cuts=false} leaves the cuts out (to measure what they add). */
    private static final boolean CUTS = !"false".equals(System.getProperty("exact.cuts"));

    private ExactModel() {}

    /**
     * @param status CP-SAT's status: OPTIMAL (proven), FEASIBLE (a plan, no proof), INFEASIBLE (proof that no plan
     *     exists) or UNKNOWN
     * @param objective the solver's own score of CP-SAT's best plan (score units), or Long.MIN_VALUE without one
     * @param bound CP-SAT's proven upper bound on the model's objective, in score units, plus the slack: no feasible
     *     plan scores more
     * @param slack the most the model and the score can differ on one plan (one unit per pair of posts)
     */
    public record Result(String status, long objective, long bound, long slack, long millis, Map<Post, TimeSlot> plan) {
        public boolean optimal() {
            return status.equals("OPTIMAL");
        }
    }

    /** An auxiliary variable defined as a weighted sum of Booleans, for completing a hint. */
    private record Aux(IntVar var, List<BoolVar> vars, long[] coefficients) {}

    /**
     * A block's cut: {@code count} = the posts of one weight class in the block ({@code members} are their
     * Booleans), {@code least} at least {@code floor}'s value at {@code count}.
     */
    private record Cut(IntVar count, IntVar least, List<BoolVar> members, Floor floor) {}

    /**
     * The convex lower envelope of a block's least closeness by post count, as its vertices; {@link #least} is its
     * value at {@code n}, rounded up (a whole number the Boolean plan's {@code least} variable can take).
     */
    record Floor(long[] n, long[] g) {
        long least(long count) {
            long best = 0;
            for (int k = 0; k + 1 < n.length; k++) {
                long dn = n[k + 1] - n[k];
                long num = g[k] * dn + (g[k + 1] - g[k]) * (count - n[k]);
                best = Math.max(best, Math.floorDiv(num + dn - 1, dn));
            }
            return best;
        }
    }

    /** {@code product = a × b}. */
    private record Square(IntVar product, IntVar a, IntVar b) {}

    /** {@code product = weight × a}, {@code a = Σ rates·near}. */
    private record Product(IntVar product, IntVar weight, IntVar a, List<IntVar> near, long[] rates) {}

    public static Result solve(ScheduleSolution solution, Duration limit, int workers, Map<Post, TimeSlot> hint) {
        Loader.loadNativeLibraries();
        CpModel model = new CpModel();
        List<Post> movable = solution.posts().stream()
                .filter(Post::movable)
                .sorted(Comparator.comparing(Post::id))
                .toList();
        List<Post> fixed = solution.posts().stream()
                .filter(p -> p.fixed() && p.slot() != null)
                .toList();
        Map<Post, Map<TimeSlot, BoolVar>> x = new IdentityHashMap<>();
        LinearExprBuilder objective = LinearExpr.newBuilder();
        for (Post p : movable) {
            Map<TimeSlot, BoolVar> vars = new LinkedHashMap<>();
            for (TimeSlot s : p.allowedSlots()) {
                if (blockedByFixed(p, s, fixed)) {
                    continue;
                }
                BoolVar v = model.newBoolVar(p.id() + "@" + s.index());
                vars.put(s, v);
                long value = p.valueAt(s);
                for (Post f : fixed) { // fatigue with fixed posts, rounded per pair as the constraint does
                    if (f.rules().equals(p.rules())
                            && Math.abs(f.minute() - s.minute()) < p.rules().idealSpacingMinutes()) {
                        value -= fatigue(p, s, f);
                    }
                }
                objective.addTerm(v, value * Q);
            }
            x.put(p, vars);
            model.addExactlyOne(vars.values().toArray(new BoolVar[0]));
        }
        List<Aux> aux = new ArrayList<>();
        List<Product> products = new ArrayList<>();
        List<Square> pairSquares = new ArrayList<>();
        List<Cut> cuts = new ArrayList<>();
        Map<PlatformRules, List<Post>> byPlatform = new LinkedHashMap<>();
        movable.forEach(p ->
                byPlatform.computeIfAbsent(p.rules(), k -> new ArrayList<>()).add(p));
        long pairs = 0;
        for (Map.Entry<PlatformRules, List<Post>> e : byPlatform.entrySet()) {
            PlatformRules rules = e.getKey();
            // per slot: its posts' variables and weights (in hundredths)
            Map<TimeSlot, List<BoolVar>> at = new HashMap<>();
            Map<TimeSlot, List<Long>> weights = new HashMap<>();
            for (Post p : e.getValue()) {
                x.get(p).forEach((s, v) -> {
                    at.computeIfAbsent(s, k -> new ArrayList<>()).add(v);
                    weights.computeIfAbsent(s, k -> new ArrayList<>()).add(Math.round(p.weight() * 100));
                });
            }
            List<TimeSlot> slots = new ArrayList<>(at.keySet());
            slots.sort(Comparator.comparingLong(TimeSlot::minute));
            if (rules.minGapMinutes() > 0) {
                for (int i = 0; i < slots.size(); i++) {
                    List<BoolVar> window = new ArrayList<>();
                    for (int j = i;
                            j < slots.size()
                                    && slots.get(j).minute() - slots.get(i).minute() < rules.minGapMinutes();
                            j++) {
                        window.addAll(at.get(slots.get(j)));
                    }
                    if (window.size() > 1) {
                        model.addAtMostOne(window.toArray(new BoolVar[0]));
                    }
                }
            }
            Map<Long, Integer> fixedDays = new HashMap<>();
            Map<Long, Integer> fixedWeeks = new HashMap<>();
            for (Post f : fixed) {
                if (f.rules().equals(rules)) {
                    fixedDays.merge(f.slot().day(), 1, Integer::sum);
                    fixedWeeks.merge(f.slot().week(), 1, Integer::sum);
                }
            }
            cap(model, slots, at, TimeSlot::day, rules.maxPerDay(), fixedDays);
            cap(model, slots, at, TimeSlot::week, rules.maxPerWeek(), fixedWeeks);
            // fatigue between movable posts: over ordered pairs of slots (s, t) fewer than the ideal spacing apart,
            // each post at s pays rate(d)·its weight per post at t; so in all Σ_s W_s·A_s with
            // A_s = Σ_t rate(|d|)·n_t (t = s included, which counts each post with itself once: rate(0)·W_s less)
            int ideal = rules.idealSpacingMinutes();
            if (ideal <= 0) {
                continue;
            }
            // the platform's fatigue between movable posts, as subtracted from the objective, for the cuts below
            LinearExprBuilder fat = LinearExpr.newBuilder();
            Map<TimeSlot, IntVar> count = new HashMap<>();
            Map<TimeSlot, IntVar> weight = new HashMap<>();
            for (TimeSlot s : slots) {
                List<BoolVar> vars = at.get(s);
                long[] ones = new long[vars.size()];
                java.util.Arrays.fill(ones, 1);
                long[] w = weights.get(s).stream().mapToLong(Long::longValue).toArray();
                IntVar n = model.newIntVar(0, rules.minGapMinutes() > 0 ? 1 : vars.size(), "n" + s.index());
                model.addEquality(n, LinearExpr.weightedSum(vars.toArray(new BoolVar[0]), ones));
                IntVar ws = model.newIntVar(0, java.util.Arrays.stream(w).sum(), "w" + s.index());
                model.addEquality(ws, LinearExpr.weightedSum(vars.toArray(new BoolVar[0]), w));
                count.put(s, n);
                weight.put(s, ws);
                aux.add(new Aux(n, vars, ones));
                aux.add(new Aux(ws, vars, w));
            }
            long rate0 = rate(ideal, 0);
            long slotPairs = 0;
            for (int i = 0; i < slots.size(); i++) {
                for (int j = i + 1;
                        j < slots.size() && slots.get(j).minute() - slots.get(i).minute() < ideal;
                        j++) {
                    slotPairs++;
                }
            }
            if (slotPairs <= PAIRWISE_MAX) {
                // few enough slot pairs: a product per pair (W_s·n_t and n_s·W_t), which CP-SAT's relaxation handles
                // far better than one product per slot with a sum over its window
                for (int i = 0; i < slots.size(); i++) {
                    TimeSlot s = slots.get(i);
                    if (rules.minGapMinutes() == 0) {
                        IntVar same = product(model, count.get(s), weight.get(s), "same" + s.index());
                        objective.addTerm(same, -rate0);
                        objective.addTerm(weight.get(s), rate0);
                        fat.addTerm(same, rate0);
                        fat.addTerm(weight.get(s), -rate0);
                        pairSquares.add(new Square(same, count.get(s), weight.get(s)));
                    }
                    for (int j = i + 1; j < slots.size() && slots.get(j).minute() - s.minute() < ideal; j++) {
                        TimeSlot t = slots.get(j);
                        long d = t.minute() - s.minute();
                        if (d < rules.minGapMinutes()) {
                            continue; // never both occupied
                        }
                        long rate = rate(ideal, d);
                        IntVar ab = product(model, weight.get(s), count.get(t), "p" + s.index() + "_" + t.index());
                        IntVar ba = product(model, count.get(s), weight.get(t), "q" + s.index() + "_" + t.index());
                        objective.addTerm(ab, -rate);
                        objective.addTerm(ba, -rate);
                        fat.addTerm(ab, rate);
                        fat.addTerm(ba, rate);
                        pairSquares.add(new Square(ab, weight.get(s), count.get(t)));
                        pairSquares.add(new Square(ba, count.get(s), weight.get(t)));
                        pairs++;
                    }
                }
                pairs += slots.size();
                fatigueCuts(model, rules, e.getValue(), x, slots, fat, cuts);
                continue;
            }
            for (int i = 0; i < slots.size(); i++) {
                TimeSlot s = slots.get(i);
                List<IntVar> near = new ArrayList<>();
                List<Long> rates = new ArrayList<>();
                // with a gap, a slot holds at most one post, whose weight times itself less rate(0)·W_s is 0: the
                // slot itself is left out rather than added and subtracted (the relaxation saw only the addition)
                for (int j = rules.minGapMinutes() > 0 ? i - 1 : i;
                        j >= 0 && s.minute() - slots.get(j).minute() < ideal;
                        j--) {
                    near.add(count.get(slots.get(j)));
                    rates.add(rate(ideal, s.minute() - slots.get(j).minute()));
                }
                for (int j = i + 1; j < slots.size() && slots.get(j).minute() - s.minute() < ideal; j++) {
                    near.add(count.get(slots.get(j)));
                    rates.add(rate(ideal, slots.get(j).minute() - s.minute()));
                }
                long[] r = rates.stream().mapToLong(Long::longValue).toArray();
                long maxA = 0;
                for (int k = 0; k < near.size(); k++) {
                    maxA += r[k] * near.get(k).getDomain().max();
                }
                IntVar a = model.newIntVar(0, maxA, "a" + s.index());
                model.addEquality(a, LinearExpr.weightedSum(near.toArray(new IntVar[0]), r));
                IntVar f = product(model, weight.get(s), a, "f" + s.index());
                objective.addTerm(f, -1);
                fat.addTerm(f, 1);
                if (rules.minGapMinutes() == 0) {
                    objective.addTerm(weight.get(s), rate0);
                    fat.addTerm(weight.get(s), -rate0);
                }
                products.add(new Product(f, weight.get(s), a, near, r));
                pairs += near.size();
            }
            fatigueCuts(model, rules, e.getValue(), x, slots, fat, cuts);
        }
        // stagger between movable posts of one content on different platforms
        Map<String, List<Post>> byContent = new LinkedHashMap<>();
        movable.forEach(p ->
                byContent.computeIfAbsent(p.contentId(), k -> new ArrayList<>()).add(p));
        for (List<Post> same : byContent.values()) {
            for (int i = 0; i < same.size(); i++) {
                for (int j = 0; j < same.size(); j++) {
                    Post a = same.get(i);
                    Post b = same.get(j);
                    if (i == j || a.rules().equals(b.rules()) || a.staggerMinutes() <= 0) {
                        continue;
                    }
                    for (Map.Entry<TimeSlot, BoolVar> va : x.get(a).entrySet()) {
                        List<BoolVar> close = new ArrayList<>();
                        close.add(va.getValue());
                        x.get(b).forEach((t, vb) -> {
                            if (Math.abs(t.minute() - va.getKey().minute()) < a.staggerMinutes()) {
                                close.add(vb);
                            }
                        });
                        if (close.size() > 1) {
                            model.addAtMostOne(close.toArray(new BoolVar[0]));
                        }
                    }
                }
            }
        }
        model.maximize(objective);
        if (hint != null) {
            // the whole hint, auxiliaries included, so CP-SAT starts from a complete plan
            Map<Object, Long> value = new IdentityHashMap<>();
            x.forEach((p, vars) -> vars.forEach((s, v) -> {
                long on = hint.get(p) == s ? 1 : 0;
                value.put(v, on);
                model.addHint(v, on);
            }));
            for (Aux aux1 : aux) {
                long sum = 0;
                for (int k = 0; k < aux1.vars().size(); k++) {
                    sum += aux1.coefficients()[k] * value.get(aux1.vars().get(k));
                }
                value.put(aux1.var(), sum);
                model.addHint(aux1.var(), sum);
            }
            for (Square q : pairSquares) {
                model.addHint(q.product(), value.get(q.a()) * value.get(q.b()));
            }
            for (Cut c : cuts) {
                long n = 0;
                for (BoolVar v : c.members()) {
                    n += value.get(v);
                }
                model.addHint(c.count(), n);
                model.addHint(c.least(), c.floor().least(n));
            }
            for (Product p : products) {
                long a = 0;
                for (int k = 0; k < p.near().size(); k++) {
                    a += p.rates()[k] * value.get(p.near().get(k));
                }
                model.addHint(p.a(), a);
                model.addHint(p.product(), a * value.get(p.weight()));
            }
        }
        CpSolver solver = new CpSolver();
        solver.getParameters().setNumWorkers(workers);
        solver.getParameters().setMaxTimeInSeconds(limit.toMillis() / 1000.0);
        solver.getParameters().setRandomSeed(1);
        solver.getParameters().setLinearizationLevel(Integer.getInteger("exact.linearization", 1));
        solver.getParameters().setLogSearchProgress(Boolean.getBoolean("exact.log"));
        long begin = System.nanoTime();
        CpSolverStatus status = solver.solve(model);
        long millis = (System.nanoTime() - begin) / 1_000_000;
        // The model and the score differ only in fatigue between movable posts: per pair of posts, the model's rate
        // is rounded by at most ½ per hundredth of weight (≤ 0.15 of a score unit at weights ≤ 1.5) and the score
        // rounds the pair by at most ½, so under one unit per pair of posts that can be closer than the ideal
        // spacing, at most C(n, 2) on a platform of n movable posts. The slot-pair count used before was far larger
        // at 15-minute slots (0.85 of an engagement unit at 20 items), which alone kept the bound from certifying.
        long postPairs = 0;
        for (List<Post> posts : byPlatform.values()) {
            postPairs += (long) posts.size() * (posts.size() - 1) / 2;
        }
        // (weights are whole hundredths, 0.5 + priority/100; were one not, its rounding could cost more: old slack)
        boolean hundredths =
                movable.stream().allMatch(p -> Math.abs(p.weight() * 100 - Math.round(p.weight() * 100)) < 1e-6);
        long slack = (hundredths ? Math.min(pairs, postPairs) : pairs) + movable.size();
        if (status != CpSolverStatus.OPTIMAL && status != CpSolverStatus.FEASIBLE) {
            // no bound either: without a solution CP-SAT's reported bound is not one (0 when its search never began)
            return new Result(status.name(), Long.MIN_VALUE, Long.MIN_VALUE, slack, millis, null);
        }
        Map<Post, TimeSlot> plan = new IdentityHashMap<>();
        x.forEach((p, vars) -> vars.forEach((s, v) -> {
            if (solver.booleanValue(v)) {
                plan.put(p, s);
            }
        }));
        long bound = (long) Math.ceil(solver.bestObjectiveBound() / Q) + slack;
        return new Result(status.name(), Long.MIN_VALUE, bound, slack, millis, plan);
    }

    /** {@link #solve}, then the plan scored by the solver's own score (the reported objective). */
    public static Result solveAndScore(
            ScheduleSolution solution, Duration limit, int workers, Map<Post, TimeSlot> hint) {
        Result r = solve(solution, limit, workers, hint);
        if (r.plan() == null) {
            return r;
        }
        Map<Post, TimeSlot> before = new IdentityHashMap<>();
        solution.posts().forEach(p -> before.put(p, p.slot()));
        r.plan().forEach(Post::assign);
        ScheduleSolver scorer = new ScheduleSolver();
        var score = scorer.score(solution);
        List<ScheduleCheck.Violation> violations = ScheduleCheck.violations(solution.posts());
        before.forEach(Post::assign);
        if (!score.isFeasible() || !violations.isEmpty()) {
            throw new IllegalStateException("CP-SAT's plan breaks a rule: " + score + " " + violations);
        }
        return new Result(r.status(), score.softScore(), r.bound(), r.slack(), r.millis(), r.plan());
    }

    /**
     * Valid inequalities that let CP-SAT's linear relaxation see fatigue, which it otherwise all but ignores (its
     * McCormick envelopes of the products are ~0 at fractional points, so its bound was up to twice the optimum at 20
     * items). For a block of slots spanning {@code L} minutes holding {@code N} posts, the posts' pairs k apart in
     * time order (i and i+k) have distances summing to at most k·L, and the model's per-pair rate is convex in the
     * distance, so by Jensen those pairs pay at least {@code (N−k)·φ(k·L/(N−k))}; blocks are disjoint, so the
     * platform's fatigue is at least the sum over blocks. Weights enter in layers: with thresholds θ_0 (the lightest
     * post) < θ_1 < …, a pair's weight sum {@code w_a + w_b} is at least {@code Σ_k 2·(θ_k − θ_{k−1})} over the layers
     * holding both posts, so each layer counts its own posts. The bound comes from the model's own rates (rounded
     * down by ½, the most rounding took), not from the service's bound, and ExactModelTest checks the optimum
     * unchanged. A few partitions (block lengths of one and two ideal spacings, shifted) each give one inequality.
     */
    private static void fatigueCuts(
            CpModel model,
            PlatformRules rules,
            List<Post> posts,
            Map<Post, Map<TimeSlot, BoolVar>> x,
            List<TimeSlot> slots,
            LinearExprBuilder fat,
            List<Cut> cuts) {
        int ideal = rules.idealSpacingMinutes();
        if (!CUTS || slots.isEmpty() || posts.size() < 2 || ideal <= 0) {
            return;
        }
        long[] w = posts.stream()
                .mapToLong(p -> Math.round(p.weight() * 100))
                .sorted()
                .toArray();
        java.util.TreeSet<Long> thresholds = new java.util.TreeSet<>();
        for (int k = 0; k < LAYERS; k++) {
            thresholds.add(w[k * w.length / LAYERS]);
        }
        long origin = slots.get(0).minute();
        int[][] partitions = {{1, 0}, {1, 1}, {2, 0}}; // block length in ideal spacings, shifted by half a block
        for (int[] partition : partitions) {
            long length = (long) ideal * partition[0];
            long shift = length * partition[1] / 2;
            Map<Long, List<TimeSlot>> blocks = new java.util.TreeMap<>();
            for (TimeSlot s : slots) {
                blocks.computeIfAbsent(Math.floorDiv(s.minute() - origin + shift, length), k -> new ArrayList<>())
                        .add(s);
            }
            LinearExprBuilder least = LinearExpr.newBuilder();
            boolean any = false;
            long previous = 0;
            for (long theta : thresholds) {
                long delta = theta - previous;
                previous = theta;
                List<Post> layer = posts.stream()
                        .filter(p -> Math.round(p.weight() * 100) >= theta)
                        .toList();
                if (layer.size() < 2 || delta <= 0) {
                    continue;
                }
                for (List<TimeSlot> block : blocks.values()) {
                    long span =
                            block.get(block.size() - 1).minute() - block.get(0).minute();
                    Map<TimeSlot, Boolean> in = new IdentityHashMap<>();
                    block.forEach(s -> in.put(s, true));
                    List<BoolVar> members = new ArrayList<>();
                    for (Post p : layer) {
                        x.get(p).forEach((s, v) -> {
                            if (in.containsKey(s)) {
                                members.add(v);
                            }
                        });
                    }
                    long most = Math.min(layer.size(), members.size());
                    if (rules.minGapMinutes() > 0) {
                        most = Math.min(most, Math.min(block.size(), span / rules.minGapMinutes() + 1));
                    }
                    if (most < 2) {
                        continue;
                    }
                    Floor floor = floor(ideal, span, (int) most);
                    if (floor.g()[floor.g().length - 1] <= 0) {
                        continue;
                    }
                    IntVar count = model.newIntVar(0, most, "cut_n");
                    long[] ones = new long[members.size()];
                    java.util.Arrays.fill(ones, 1);
                    model.addEquality(count, LinearExpr.weightedSum(members.toArray(new BoolVar[0]), ones));
                    IntVar g = model.newIntVar(0, floor.g()[floor.g().length - 1], "cut_g");
                    for (int k = 0; k + 1 < floor.n().length; k++) {
                        // dn·g ≥ g_k·dn + (g_{k+1} − g_k)·(count − n_k)
                        long dn = floor.n()[k + 1] - floor.n()[k];
                        long slope = floor.g()[k + 1] - floor.g()[k];
                        model.addGreaterOrEqual(
                                LinearExpr.weightedSum(new IntVar[] {g, count}, new long[] {dn, -slope}),
                                floor.g()[k] * dn - slope * floor.n()[k]);
                    }
                    least.addTerm(g, 2 * delta);
                    cuts.add(new Cut(count, g, members, floor));
                    any = true;
                }
            }
            if (any) {
                model.addGreaterOrEqual(fat, least);
            }
        }
    }

    /**
     * The least closeness (in the model's rate units per hundredth of weight) of {@code n} posts in a block spanning
     * {@code span} minutes, for n = 0..most, rounded down, as the vertices of its convex lower envelope.
     */
    static Floor floor(int ideal, long span, int most) {
        long[] g = new long[most + 1];
        for (int n = 2; n <= most; n++) {
            double sum = 0;
            for (int k = 1; k < n; k++) {
                double d = (double) k * span / (n - k);
                double raw =
                        ScheduleConstraints.FATIGUE * (ideal - d) / ideal / 2 * ScheduleConstraints.SCALE / 100 * Q;
                sum += (n - k) * Math.max(0, raw - 0.5);
            }
            g[n] = Math.max(0, (long) Math.floor(sum * (1 - 1e-9)) - 1); // a hair under, for floating error
        }
        // lower convex hull (monotone chain) of (n, g[n])
        long[] hn = new long[most + 1];
        long[] hg = new long[most + 1];
        int size = 0;
        for (int n = 0; n <= most; n++) {
            while (size >= 2
                    && (hg[size - 1] - hg[size - 2]) * (n - hn[size - 1])
                            >= (g[n] - hg[size - 1]) * (hn[size - 1] - hn[size - 2])) {
                size--; // the middle vertex lies on or above the chord
            }
            hn[size] = n;
            hg[size] = g[n];
            size++;
        }
        return new Floor(java.util.Arrays.copyOf(hn, size), java.util.Arrays.copyOf(hg, size));
    }

    private static boolean blockedByFixed(Post p, TimeSlot s, List<Post> fixed) {
        for (Post f : fixed) {
            long d = Math.abs(f.minute() - s.minute());
            if (f.rules().equals(p.rules()) && d < p.rules().minGapMinutes()) {
                return true;
            }
            if (!f.rules().equals(p.rules()) && f.contentId().equals(p.contentId()) && d < p.staggerMinutes()) {
                return true;
            }
        }
        return false;
    }

    private static void cap(
            CpModel model,
            List<TimeSlot> slots,
            Map<TimeSlot, List<BoolVar>> at,
            java.util.function.ToLongFunction<TimeSlot> period,
            int cap,
            Map<Long, Integer> fixedUse) {
        if (cap == Integer.MAX_VALUE) {
            return;
        }
        Map<Long, List<BoolVar>> groups = new LinkedHashMap<>();
        for (TimeSlot s : slots) {
            groups.computeIfAbsent(period.applyAsLong(s), k -> new ArrayList<>())
                    .addAll(at.get(s));
        }
        groups.forEach((key, vars) -> {
            long room = Math.max(0, (long) cap - fixedUse.getOrDefault(key, 0));
            if (vars.size() > room) {
                long[] ones = new long[vars.size()];
                java.util.Arrays.fill(ones, 1);
                model.addLessOrEqual(LinearExpr.weightedSum(vars.toArray(new BoolVar[0]), ones), room);
            }
        });
    }

    /** Scaled fatigue per unit of (hundredths of weight × posts) of a pair {@code d} minutes apart, halved. */
    static long rate(int ideal, long d) {
        // a pair pays FATIGUE·(ideal − d)/ideal·(w_a + w_b)/2·SCALE; weights are in hundredths
        return Math.round(ScheduleConstraints.FATIGUE * (ideal - d) / ideal / 2 * ScheduleConstraints.SCALE / 100 * Q);
    }

    private static IntVar product(CpModel model, IntVar a, IntVar b, String name) {
        IntVar p = model.newIntVar(0, a.getDomain().max() * b.getDomain().max(), name);
        model.addMultiplicationEquality(p, a, b);
        return p;
    }

    private static long fatigue(Post p, TimeSlot s, Post f) {
        double ideal = p.rules().idealSpacingMinutes();
        double closeness = (ideal - Math.abs(s.minute() - f.minute())) / ideal;
        return Math.round(
                ScheduleConstraints.FATIGUE * closeness * (p.weight() + f.weight()) / 2 * ScheduleConstraints.SCALE);
    }
}
