package dev.primetime.optimization;

import dev.primetime.optimization.solver.PlatformRules;
import dev.primetime.optimization.solver.Post;
import dev.primetime.optimization.solver.ScheduleSolution;
import dev.primetime.optimization.solver.TimeSlot;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Proves a problem impossible by counting, before any search: on one platform, the movable items whose allowed
 * slots (their window, less blackouts and the slots fixed items rule out) all lie between two times need more posts
 * than the platform's rules leave room for between those times. The room is the most posts the platform can make
 * there, with its minimum gap and its daily and weekly caps (less what fixed items already use) together, over the
 * slots any of its items may use: earliest-first is optimal for that count (each next post as early as the gap and
 * the caps allow; an exchange argument shows no plan gets its k-th post earlier). Everything left out (other items,
 * stagger, each item's own slots within the interval) only adds room, so the count is a proof.
 *
 * <p>What counting cannot see (stagger between movable items, items that compete for the same few slots unevenly) it
 * does not claim: such problems go to the search, and when the search finds no plan the answer says only that.
 */
final class CountingProof {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mmxxx");

    private CountingProof() {}

    /**
     * A platform and an interval where the items outnumber the room.
     *
     * @param first the interval's first grid slot
     * @param last its last grid slot
     * @param items the items that can only post in it
     * @param room the most posts the platform's rules allow there
     * @param alone the rules each of which alone (the others dropped) leaves too little room: each is a proof
     * @param together when no rule does alone: the rules that together do, each adding room when dropped
     */
    record Certificate(
            PlatformRules rules,
            TimeSlot first,
            TimeSlot last,
            List<String> items,
            long room,
            List<String> alone,
            List<String> together) {

        /** The rules the proof rests on. */
        List<String> binding() {
            return alone.isEmpty() ? together : alone;
        }

        String describe(ZoneId zone) {
            String names = String.join(" and ", binding());
            List<String> rulesText = new ArrayList<>();
            if (rules.minGapMinutes() > 0) {
                rulesText.add("min_gap_minutes " + rules.minGapMinutes());
            }
            if (rules.maxPerDay() != Integer.MAX_VALUE) {
                rulesText.add("max_per_day " + rules.maxPerDay());
            }
            if (rules.maxPerWeek() != Integer.MAX_VALUE) {
                rulesText.add("max_per_week " + rules.maxPerWeek());
            }
            String ids = String.join(", ", items.subList(0, Math.min(10, items.size())))
                    + (items.size() > 10 ? " and " + (items.size() - 10) + " more" : "");
            return names + " for " + rules.platform().id() + ": " + items.size() + " movable items (" + ids
                    + ") can only post between " + local(first.start(), zone) + " and " + local(last.start(), zone)
                    + " (their windows, less blackouts and fixed items), where "
                    + rules.platform().id()
                    + "'s rules (" + String.join(", ", rulesText) + ", less what fixed items use) leave room for "
                    + room + " posts at most"
                    + (alone.size() > 1 ? " (each of " + names + " alone leaves too little)" : "")
                    + (alone.isEmpty() && together.size() > 1 ? " (only " + names + " together)" : "");
        }

        private static String local(Instant t, ZoneId zone) {
            return LOCAL.format(t.atZone(zone));
        }
    }

    /** The strongest certificate on each platform whose items outnumber the room somewhere; empty when none does. */
    static List<Certificate> find(ScheduleSolution solution) {
        Map<PlatformRules, List<Post>> movable = new LinkedHashMap<>();
        Map<PlatformRules, List<Post>> fixed = new HashMap<>();
        for (Post p : solution.posts()) {
            if (p.movable()) {
                movable.computeIfAbsent(p.rules(), k -> new ArrayList<>()).add(p);
            } else if (p.slot() != null) {
                fixed.computeIfAbsent(p.rules(), k -> new ArrayList<>()).add(p);
            }
        }
        List<Certificate> found = new ArrayList<>();
        movable.forEach((rules, posts) -> platform(solution.slots(), rules, posts, fixed.getOrDefault(rules, List.of()))
                .ifPresent(found::add));
        return found;
    }

    private static Optional<Certificate> platform(
            List<TimeSlot> grid, PlatformRules rules, List<Post> posts, List<Post> fixed) {
        List<Post> placeable =
                posts.stream().filter(p -> !p.allowedSlots().isEmpty()).toList();
        if (placeable.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, Integer> fixedDays = new HashMap<>();
        Map<Long, Integer> fixedWeeks = new HashMap<>();
        for (Post f : fixed) {
            fixedDays.merge(f.slot().day(), 1, Integer::sum);
            fixedWeeks.merge(f.slot().week(), 1, Integer::sum);
        }
        TreeSet<Integer> usable = new TreeSet<>();
        int[] firstOf = new int[placeable.size()];
        int[] lastOf = new int[placeable.size()];
        for (int i = 0; i < placeable.size(); i++) {
            int lo = Integer.MAX_VALUE;
            int hi = Integer.MIN_VALUE;
            for (TimeSlot s : placeable.get(i).allowedSlots()) {
                usable.add(s.index());
                lo = Math.min(lo, s.index());
                hi = Math.max(hi, s.index());
            }
            firstOf[i] = lo;
            lastOf[i] = hi;
        }
        int[] slots = usable.stream().mapToInt(Integer::intValue).toArray();
        long step = grid.size() > 1 ? grid.get(1).minute() - grid.get(0).minute() : 1;
        // two grid slots fewer than this many steps apart are closer than the gap
        int gapSteps = (int) ((rules.minGapMinutes() + step - 1) / step);
        Rooms all = new Rooms(grid, slots, rules, fixedDays, fixedWeeks, gapSteps, true, true);
        Integer[] byLast = new Integer[placeable.size()];
        for (int i = 0; i < byLast.length; i++) {
            byLast[i] = i;
        }
        java.util.Arrays.sort(byLast, Comparator.comparingInt((Integer i) -> lastOf[i]));
        TreeSet<Integer> starts = new TreeSet<>();
        for (int f : firstOf) {
            starts.add(f);
        }
        long bestExcess = 0;
        int bestFrom = -1;
        int bestTo = -1;
        long bestRoom = 0;
        for (int from : starts) {
            long[] room = all.cumulativeFrom(from);
            int k = 0;
            for (int idx = 0; idx < byLast.length; idx++) {
                int i = byLast[idx];
                if (firstOf[i] < from) {
                    continue;
                }
                k++;
                boolean lastOfGroup = idx + 1 == byLast.length || lastOf[byLast[idx + 1]] != lastOf[i];
                if (!lastOfGroup) {
                    continue;
                }
                long r = room[position(slots, lastOf[i])];
                long excess = k - r;
                if (excess > bestExcess
                        || (excess == bestExcess && excess > 0 && lastOf[i] - from < bestTo - bestFrom)) {
                    bestExcess = excess;
                    bestFrom = from;
                    bestTo = lastOf[i];
                    bestRoom = r;
                }
            }
        }
        if (bestExcess <= 0) {
            return Optional.empty();
        }
        int from = bestFrom;
        int to = bestTo;
        List<String> items = new ArrayList<>();
        for (int i = 0; i < placeable.size(); i++) {
            if (firstOf[i] >= from && lastOf[i] <= to) {
                items.add(placeable.get(i).id());
            }
        }
        items.sort(Comparator.naturalOrder());
        // which rules prove it: each that alone (the others dropped) leaves too little room; else those that
        // together do, each of which adds room when dropped
        int k = items.size();
        boolean hasGap = gapSteps > 0;
        boolean hasDay = rules.maxPerDay() != Integer.MAX_VALUE;
        boolean hasWeek = rules.maxPerWeek() != Integer.MAX_VALUE;
        List<String> alone = new ArrayList<>();
        if (hasGap && rooms(grid, slots, rules, fixedDays, fixedWeeks, gapSteps, false, false, from, to) < k) {
            alone.add("min_gap_minutes");
        }
        if (hasDay && rooms(grid, slots, rules, fixedDays, fixedWeeks, 0, true, false, from, to) < k) {
            alone.add("max_per_day");
        }
        if (hasWeek && rooms(grid, slots, rules, fixedDays, fixedWeeks, 0, false, true, from, to) < k) {
            alone.add("max_per_week");
        }
        List<String> together = new ArrayList<>();
        if (alone.isEmpty()) {
            if (hasGap && rooms(grid, slots, rules, fixedDays, fixedWeeks, 0, true, true, from, to) > bestRoom) {
                together.add("min_gap_minutes");
            }
            if (hasDay
                    && rooms(grid, slots, rules, fixedDays, fixedWeeks, gapSteps, false, true, from, to) > bestRoom) {
                together.add("max_per_day");
            }
            if (hasWeek
                    && rooms(grid, slots, rules, fixedDays, fixedWeeks, gapSteps, true, false, from, to) > bestRoom) {
                together.add("max_per_week");
            }
        }
        return Optional.of(new Certificate(rules, grid.get(from), grid.get(to), items, bestRoom, alone, together));
    }

    private static long rooms(
            List<TimeSlot> grid,
            int[] slots,
            PlatformRules rules,
            Map<Long, Integer> fixedDays,
            Map<Long, Integer> fixedWeeks,
            int gapSteps,
            boolean dayCap,
            boolean weekCap,
            int from,
            int to) {
        return new Rooms(grid, slots, rules, fixedDays, fixedWeeks, gapSteps, dayCap, weekCap).between(from, to);
    }

    private static int position(int[] slots, int index) {
        int p = java.util.Arrays.binarySearch(slots, index);
        return p >= 0 ? p : -p - 2;
    }

    /** The most posts a platform can make from one slot on, earliest first, under the rules chosen. */
    private record Rooms(
            List<TimeSlot> grid,
            int[] slots,
            PlatformRules rules,
            Map<Long, Integer> fixedDays,
            Map<Long, Integer> fixedWeeks,
            int gapSteps,
            boolean dayCap,
            boolean weekCap) {

        /** Per position in {@code slots}: the most posts from slot {@code from} up to and including that slot. */
        long[] cumulativeFrom(int from) {
            long[] cumulative = new long[slots.length];
            Map<Long, Long> dayUsed = new HashMap<>();
            Map<Long, Long> weekUsed = new HashMap<>();
            long count = 0;
            int lastTaken = Integer.MIN_VALUE / 2;
            for (int k = 0; k < slots.length; k++) {
                int t = slots[k];
                if (t >= from && t - lastTaken >= Math.max(gapSteps, 1)) {
                    TimeSlot slot = grid.get(t);
                    long dayLeft = dayCap
                            ? Math.max(0, (long) rules.maxPerDay() - fixedDays.getOrDefault(slot.day(), 0))
                                    - dayUsed.getOrDefault(slot.day(), 0L)
                            : Long.MAX_VALUE / 4;
                    long weekLeft = weekCap
                            ? Math.max(0, (long) rules.maxPerWeek() - fixedWeeks.getOrDefault(slot.week(), 0))
                                    - weekUsed.getOrDefault(slot.week(), 0L)
                            : Long.MAX_VALUE / 4;
                    // without a gap a slot holds any number of posts; with one, one
                    long take = Math.min(gapSteps > 0 ? 1 : Long.MAX_VALUE / 4, Math.min(dayLeft, weekLeft));
                    if (take > 0) {
                        count = Math.min(Long.MAX_VALUE / 4, count + take);
                        dayUsed.merge(slot.day(), take, Long::sum);
                        weekUsed.merge(slot.week(), take, Long::sum);
                        if (gapSteps > 0) {
                            lastTaken = t;
                        }
                    }
                }
                cumulative[k] = count;
            }
            return cumulative;
        }

        long between(int from, int to) {
            return cumulativeFrom(from)[position(slots, to)];
        }
    }
}
