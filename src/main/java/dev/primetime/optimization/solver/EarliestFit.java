package dev.primetime.optimization.solver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A start that looks for room, not for engagement: the horizon is swept from its first slot, and at each slot every
 * platform that may post there (gap, day and week caps, stagger, blackouts, with pinned posts already in place) takes
 * the open post whose window closes soonest. {@link ScheduleSolver#start} tries it when {@link GreedyStart}, which
 * puts each post where it earns most, leaves a tight platform without room for its last posts (a 144-item instance
 * with a weekly cap one post above the week's share and a 4-hour gap needed 0.4-1.2 s of {@link Repair} after the
 * greedy; this finds room in one sweep). Packing from the start uses no more of a period's cap than any other choice
 * of the same slot's day and week, and leaves the most room after it, which is why posts without windows always fit
 * when the caps and gaps have room for them; windows make it a heuristic (soonest-closing first). Engagement is
 * then the business of {@link SlotDescent} and local search.
 */
final class EarliestFit {
    /** Open posts tried at one slot before the platform moves on (a post may be blocked by its content's stagger). */
    private static final int TRIES_PER_SLOT = 4;

    private EarliestFit() {}

    /**
     * Posts with a window go first (one sweep), the rest around them (a second): packed from the start, a post free
     * to go anywhere would otherwise take the room a later post's short window needed.
     *
     * @return whether every open movable post got a slot that breaks no hard rule (else some stay open)
     */
    static boolean place(ScheduleSolution solution) {
        long first = solution.slots().stream().mapToLong(TimeSlot::minute).min().orElse(0);
        long last = solution.slots().stream().mapToLong(TimeSlot::minute).max().orElse(0);
        List<Post> open = solution.posts().stream()
                .filter(p -> p.movable() && p.slot() == null)
                .toList();
        Placement placement = new Placement(solution);
        boolean windowed = sweep(
                solution,
                placement,
                open.stream()
                        .filter(p -> p.earliestMinute() > first || p.latestMinute() < last)
                        .toList());
        boolean free = sweep(
                solution,
                placement,
                open.stream()
                        .filter(p -> p.earliestMinute() <= first && p.latestMinute() >= last)
                        .toList());
        return windowed && free;
    }

    private static boolean sweep(ScheduleSolution solution, Placement placement, List<Post> posts) {
        Map<PlatformRules, ArrayDeque<Post>> waiting = new LinkedHashMap<>();
        posts.stream()
                .sorted(Comparator.comparingLong(Post::earliestMinute).thenComparing(Post::id))
                .forEach(p -> waiting.computeIfAbsent(p.rules(), k -> new ArrayDeque<>())
                        .add(p));
        if (waiting.isEmpty()) {
            return true;
        }
        Map<PlatformRules, PriorityQueue<Post>> ready = new HashMap<>();
        waiting.keySet()
                .forEach(r -> ready.put(
                        r,
                        new PriorityQueue<>(
                                Comparator.comparingLong(Post::latestMinute).thenComparing(Post::id))));
        List<TimeSlot> slots = new ArrayList<>(solution.slots());
        slots.sort(Comparator.comparingLong(TimeSlot::minute));
        boolean missed = false;
        List<Post> skipped = new ArrayList<>(TRIES_PER_SLOT);
        for (TimeSlot s : slots) {
            for (Map.Entry<PlatformRules, ArrayDeque<Post>> e : waiting.entrySet()) {
                ArrayDeque<Post> notYet = e.getValue();
                PriorityQueue<Post> open = ready.get(e.getKey());
                while (!notYet.isEmpty() && notYet.peekFirst().earliestMinute() <= s.minute()) {
                    open.add(notYet.pollFirst());
                }
                while (!open.isEmpty() && open.peek().latestMinute() < s.minute()) {
                    open.poll(); // its window closed without room: it stays open
                    missed = true;
                }
                skipped.clear();
                while (!open.isEmpty() && skipped.size() < TRIES_PER_SLOT) {
                    Post p = open.poll();
                    if (placement.allowed(p, s)) {
                        p.assign(s);
                        placement.add(p);
                        break;
                    }
                    skipped.add(p);
                }
                open.addAll(skipped);
            }
        }
        for (PriorityQueue<Post> open : ready.values()) {
            missed |= !open.isEmpty();
        }
        for (ArrayDeque<Post> notYet : waiting.values()) {
            missed |= !notYet.isEmpty();
        }
        return !missed;
    }
}
