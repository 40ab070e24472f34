package dev.primetime.optimization.solver;

import static dev.primetime.optimization.solver.PostBuilder.aPost;

import dev.primetime.platform.Platform;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small random problems (3–5 items, 6–9 slots, two platforms) with every rule: tight caps, minimum gaps, windows,
 * blackouts, stagger, fixed posts (sometimes over a cap) and fatigue; and their exact optimum by trying every
 * placement, checked by {@link ScheduleCheck} and scored the way the constraints score.
 */
public final class SmallProblems {
    private static final Instant START = Instant.parse("2026-03-07T18:00:00Z"); // Saturday: the week turns inside

    private SmallProblems() {}

    /** A problem and its grid step in minutes. */
    public record Problem(ScheduleSolution solution, int granularity) {}

    public static Problem random(Random random) {
        return random(random, false);
    }

    public static Problem random(Random random, boolean longReach) {
        int granularity = random.nextBoolean() ? 60 : 30;
        int slotCount = 6 + random.nextInt(4);
        List<TimeSlot> slots = new ArrayList<>();
        for (int i = 0; i < slotCount; i++) {
            Instant t = START.plus(Duration.ofMinutes((long) granularity * i * 2)); // 2 grid steps per slot apart
            slots.add(new TimeSlot(i, t, LocalDate.ofInstant(t, ZoneOffset.UTC).toEpochDay(), random.nextInt(8) == 0));
        }
        // keep the grid uniform: TimeSlot minutes are what spacing uses, the step is 2 × granularity
        int step = granularity * 2;
        List<PlatformRules> rules = new ArrayList<>();
        for (Platform p : List.of(Platform.of("youtube"), Platform.of("tiktok"))) {
            int minGap = random.nextInt(3) == 0 ? 0 : step * (1 + random.nextInt(2));
            int ideal = longReach ? step * 40 : Math.max(minGap, step * (1 + random.nextInt(4)));
            rules.add(new PlatformRules(p, minGap, 1 + random.nextInt(3), 2 + random.nextInt(3), ideal));
        }
        int items = 3 + random.nextInt(3);
        List<Post> posts = new ArrayList<>();
        int stagger = random.nextBoolean() ? 0 : step;
        for (int k = 0; k < items; k++) {
            PlatformRules r = rules.get(random.nextInt(rules.size()));
            double weight = 0.5 + random.nextInt(101) / 100.0;
            long[] values = new long[slotCount];
            for (int s = 0; s < slotCount; s++) {
                values[s] = Math.round((0.2 + random.nextDouble()) * weight * ScheduleConstraints.SCALE);
            }
            long earliest = Long.MIN_VALUE;
            long latest = Long.MAX_VALUE;
            if (random.nextInt(3) == 0) {
                int from = random.nextInt(slotCount - 2);
                earliest = slots.get(from).minute();
                latest = slots.get(from + 2 + random.nextInt(slotCount - from - 2))
                        .minute();
            }
            List<TimeSlot> allowed = new ArrayList<>();
            for (TimeSlot s : slots) {
                if (!s.blackout() && s.minute() >= earliest && s.minute() <= latest) {
                    allowed.add(s);
                }
            }
            posts.add(aPost("item-" + k)
                    .forContent("content-" + (k / 2))
                    .on(r)
                    .staggeredBy(stagger)
                    .weighing(weight)
                    .within(earliest, latest)
                    .worth(values)
                    .allowedAt(allowed)
                    .build());
        }
        if (random.nextBoolean()) {
            PlatformRules r = rules.get(random.nextInt(rules.size()));
            TimeSlot at = TimeSlot.offGrid(
                    slots.get(random.nextInt(slotCount)).start().plus(Duration.ofMinutes(granularity)),
                    slots.get(0).day(),
                    false,
                    0);
            at = TimeSlot.offGrid(
                    at.start(), LocalDate.ofInstant(at.start(), ZoneOffset.UTC).toEpochDay(), false, 0);
            // up to three fixed posts at once: with a cap of one or two a day, fixed posts alone may exceed it
            int copies = 1 + random.nextInt(3);
            for (int c = 0; c < copies; c++) {
                posts.add(aPost("fixed-" + c)
                        .forContent("content-fixed")
                        .on(r)
                        .staggeredBy(stagger)
                        .worth()
                        .fixed()
                        .at(at)
                        .build());
            }
        }
        return new Problem(new ScheduleSolution(slots, rules, posts), step);
    }

    /**
     * Packed problems: one platform with a minimum gap of one slot and an ideal spacing of two to five slots, more
     * items (5–6) than fit far apart on 6–8 slots, so posts two or more apart tire each other; day caps loose or
     * none, windows, blackouts and sometimes a fixed post; a second platform with one item now and then.
     */
    public static Problem packed(Random random) {
        int granularity = random.nextBoolean() ? 60 : 30;
        int step = granularity * 2;
        int slotCount = 6 + random.nextInt(3);
        List<TimeSlot> slots = new ArrayList<>();
        for (int i = 0; i < slotCount; i++) {
            Instant t = START.plus(Duration.ofMinutes((long) step * i));
            slots.add(new TimeSlot(i, t, LocalDate.ofInstant(t, ZoneOffset.UTC).toEpochDay(), random.nextInt(10) == 0));
        }
        List<PlatformRules> rules = new ArrayList<>();
        for (Platform p : List.of(Platform.of("youtube"), Platform.of("tiktok"))) {
            int ideal = step * (2 + random.nextInt(4)) - (random.nextBoolean() ? 0 : granularity);
            int day = random.nextInt(2) == 0 ? Integer.MAX_VALUE : 4 + random.nextInt(4);
            rules.add(new PlatformRules(p, step, day, Integer.MAX_VALUE, ideal));
        }
        int items = 5 + random.nextInt(2);
        List<Post> posts = new ArrayList<>();
        for (int k = 0; k < items; k++) {
            PlatformRules r = k > 0 && random.nextInt(6) == 0 ? rules.get(1) : rules.get(0);
            double weight = 0.5 + random.nextInt(101) / 100.0;
            long[] values = new long[slotCount];
            for (int s = 0; s < slotCount; s++) {
                values[s] = Math.round((0.2 + random.nextDouble()) * weight * ScheduleConstraints.SCALE);
            }
            long earliest = Long.MIN_VALUE;
            long latest = Long.MAX_VALUE;
            if (random.nextInt(4) == 0) {
                int from = random.nextInt(slotCount - 3);
                earliest = slots.get(from).minute();
                latest = slots.get(from + 3 + random.nextInt(slotCount - from - 3))
                        .minute();
            }
            List<TimeSlot> allowed = new ArrayList<>();
            for (TimeSlot s : slots) {
                if (!s.blackout() && s.minute() >= earliest && s.minute() <= latest) {
                    allowed.add(s);
                }
            }
            posts.add(aPost("item-" + k)
                    .forContent("content-" + k)
                    .on(r)
                    .weighing(weight)
                    .within(earliest, latest)
                    .worth(values)
                    .allowedAt(allowed)
                    .build());
        }
        if (random.nextInt(3) == 0) {
            TimeSlot grid = slots.get(random.nextInt(slotCount));
            Instant start = random.nextBoolean() ? grid.start() : grid.start().plus(Duration.ofMinutes(granularity));
            TimeSlot at = TimeSlot.offGrid(
                    start, LocalDate.ofInstant(start, ZoneOffset.UTC).toEpochDay(), false, 0);
            posts.add(aPost("fixed-0")
                    .forContent("content-fixed")
                    .on(rules.get(0))
                    .weighing(0.5 + random.nextInt(101) / 100.0)
                    .worth()
                    .fixed()
                    .at(at)
                    .build());
        }
        return new Problem(new ScheduleSolution(slots, rules, posts), step);
    }

    /**
     * Crowded problems: platforms without a minimum gap, more items than slots (5–7 items on 3–4 slots), so posts
     * share slots and tire each other there; many items alike (one weight and one value table), so the crowd bound's
     * tied prices are exercised; an ideal spacing within one slot step (only same-slot pairs tire) or beyond it
     * (neighbouring slots too); caps, windows, blackouts, stagger and fixed posts on and off the grid.
     */
    public static Problem crowded(Random random) {
        int granularity = random.nextBoolean() ? 60 : 30;
        int step = granularity * 2;
        int slotCount = 3 + random.nextInt(2);
        List<TimeSlot> slots = new ArrayList<>();
        for (int i = 0; i < slotCount; i++) {
            Instant t = START.plus(Duration.ofMinutes((long) step * i));
            slots.add(new TimeSlot(i, t, LocalDate.ofInstant(t, ZoneOffset.UTC).toEpochDay(), random.nextInt(10) == 0));
        }
        List<PlatformRules> rules = new ArrayList<>();
        int platforms = 1 + random.nextInt(2);
        for (Platform p : List.of(Platform.of("youtube"), Platform.of("tiktok")).subList(0, platforms)) {
            int ideal =
                    random.nextInt(3) == 0 ? step * (1 + random.nextInt(2)) + granularity : 1 + random.nextInt(step);
            int day = random.nextInt(3) == 0 ? Integer.MAX_VALUE : 2 + random.nextInt(5);
            int week = random.nextInt(3) == 0 ? Integer.MAX_VALUE : 3 + random.nextInt(5);
            rules.add(new PlatformRules(p, 0, day, week, ideal));
        }
        int items = 5 + random.nextInt(3);
        List<Post> posts = new ArrayList<>();
        int stagger = random.nextInt(3) == 0 ? step : 0;
        double commonWeight = 0.5 + random.nextInt(101) / 100.0;
        long[] commonValues = new long[slotCount];
        for (int s = 0; s < slotCount; s++) {
            commonValues[s] = Math.round((0.2 + random.nextDouble()) * commonWeight * ScheduleConstraints.SCALE);
        }
        for (int k = 0; k < items; k++) {
            PlatformRules r = rules.get(random.nextInt(rules.size()));
            boolean alike = random.nextInt(3) != 0;
            double weight = alike ? commonWeight : 0.5 + random.nextInt(101) / 100.0;
            long[] values = new long[slotCount];
            for (int s = 0; s < slotCount; s++) {
                values[s] = alike
                        ? commonValues[s]
                        : Math.round((0.2 + random.nextDouble()) * weight * ScheduleConstraints.SCALE);
            }
            long earliest = Long.MIN_VALUE;
            long latest = Long.MAX_VALUE;
            if (!alike && random.nextInt(3) == 0) {
                int from = random.nextInt(slotCount - 1);
                earliest = slots.get(from).minute();
                latest = slots.get(from + 1).minute();
            }
            List<TimeSlot> allowed = new ArrayList<>();
            for (TimeSlot s : slots) {
                if (!s.blackout() && s.minute() >= earliest && s.minute() <= latest) {
                    allowed.add(s);
                }
            }
            posts.add(aPost("item-" + k)
                    .forContent("content-" + (k / 2))
                    .on(r)
                    .staggeredBy(stagger)
                    .weighing(weight)
                    .within(earliest, latest)
                    .worth(values)
                    .allowedAt(allowed)
                    .build());
        }
        if (random.nextBoolean()) {
            PlatformRules r = rules.get(random.nextInt(rules.size()));
            TimeSlot grid = slots.get(random.nextInt(slotCount));
            // on a grid slot (sharing it with movable posts) or between two
            Instant start = random.nextBoolean() ? grid.start() : grid.start().plus(Duration.ofMinutes(granularity));
            TimeSlot at = TimeSlot.offGrid(
                    start, LocalDate.ofInstant(start, ZoneOffset.UTC).toEpochDay(), false, 0);
            posts.add(aPost("fixed-0")
                    .forContent("content-fixed")
                    .on(r)
                    .staggeredBy(stagger)
                    .weighing(0.5 + random.nextInt(101) / 100.0)
                    .worth()
                    .fixed()
                    .at(at)
                    .build());
        }
        return new Problem(new ScheduleSolution(slots, rules, posts), step);
    }

    /** The best objective over every placement that breaks no hard rule, or Long.MIN_VALUE when none does. */
    public static long optimum(ScheduleSolution solution) {
        List<Post> movable = solution.posts().stream().filter(Post::movable).toList();
        return search(solution.posts(), movable, 0);
    }

    public static long search(List<Post> all, List<Post> movable, int next) {
        if (next == movable.size()) {
            if (!ScheduleCheck.violations(all).isEmpty()) {
                return Long.MIN_VALUE;
            }
            return objective(all);
        }
        long best = Long.MIN_VALUE;
        Post p = movable.get(next);
        for (TimeSlot slot : p.allowedSlots()) {
            p.assign(slot);
            best = Math.max(best, search(all, movable, next + 1));
        }
        p.assign(null);
        return best;
    }

    /** Engagement of the movable posts less fatigue of same-platform pairs, as {@link ScheduleConstraints} scores. */
    public static long objective(List<Post> posts) {
        long total = 0;
        for (int i = 0; i < posts.size(); i++) {
            Post a = posts.get(i);
            if (a.movable()) {
                total += a.value();
            }
            for (int j = i + 1; j < posts.size(); j++) {
                Post b = posts.get(j);
                if (a.rules().equals(b.rules())
                        && (a.movable() || b.movable())
                        && Math.abs(a.minute() - b.minute()) < a.rules().idealSpacingMinutes()) {
                    total -= ScheduleConstraints.fatigue(a, b);
                }
            }
        }
        return total;
    }
}
