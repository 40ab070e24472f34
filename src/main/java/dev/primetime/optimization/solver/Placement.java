package dev.primetime.optimization.solver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Where the placed posts stand, indexed for checking the hard rules and pricing fatigue around one post in
 * microseconds: posts by platform and minute, posts by content, and each platform's day and week counts. Used by the
 * construction ({@link GreedyStart}) and the descent ({@link SlotDescent}); the rules mirror
 * {@link ScheduleConstraints}, and their callers keep a result only when the solver's own score confirms it.
 */
final class Placement {
    private record Period(PlatformRules rules, long period) {}

    private final Map<PlatformRules, NavigableMap<Long, List<Post>>> byPlatform = new HashMap<>();
    private final Map<String, List<Post>> byContent = new HashMap<>();
    private final Map<Period, Integer> days = new HashMap<>();
    private final Map<Period, Integer> weeks = new HashMap<>();
    /** Each placed post's fatigue with its platform's placed posts, in score units. */
    private final Map<Post, long[]> fatigue = new IdentityHashMap<>();

    /** Indexes every post of {@code solution} that has a slot. */
    Placement(ScheduleSolution solution) {
        for (Post p : solution.posts()) {
            if (p.slot() != null) {
                add(p);
            }
        }
    }

    void add(Post p) {
        long[] own = fatigue.computeIfAbsent(p, k -> new long[1]);
        own[0] = 0;
        forEachNeighbour(p, p.slot(), q -> {
            long pair = pairFatigue(p, p.slot(), q);
            own[0] += pair;
            fatigue.get(q)[0] += pair;
        });
        byPlatform
                .computeIfAbsent(p.rules(), k -> new TreeMap<>())
                .computeIfAbsent(p.minute(), k -> new ArrayList<>(2))
                .add(p);
        byContent.computeIfAbsent(p.contentId(), k -> new ArrayList<>(2)).add(p);
        days.merge(new Period(p.rules(), p.slot().day()), 1, Integer::sum);
        weeks.merge(new Period(p.rules(), p.slot().week()), 1, Integer::sum);
    }

    void remove(Post p) {
        NavigableMap<Long, List<Post>> platform = byPlatform.get(p.rules());
        List<Post> at = platform.get(p.minute());
        at.remove(p);
        if (at.isEmpty()) {
            platform.remove(p.minute());
        }
        fatigue.get(p)[0] = 0;
        forEachNeighbour(p, p.slot(), q -> fatigue.get(q)[0] -= pairFatigue(p, p.slot(), q));
        byContent.get(p.contentId()).remove(p);
        days.merge(new Period(p.rules(), p.slot().day()), -1, Integer::sum);
        weeks.merge(new Period(p.rules(), p.slot().week()), -1, Integer::sum);
    }

    /** A placed post's fatigue with its platform's other placed posts, in score units. */
    long fatigue(Post p) {
        return fatigue.get(p)[0];
    }

    /** Calls {@code action} with each placed post of {@code p}'s platform (other than {@code p}) within its spacing. */
    private void forEachNeighbour(Post p, TimeSlot s, Consumer<Post> action) {
        long ideal = p.rules().idealSpacingMinutes();
        NavigableMap<Long, List<Post>> platform = byPlatform.get(p.rules());
        if (platform == null || ideal <= 0) {
            return;
        }
        for (List<Post> near : platform.subMap(s.minute() - ideal, false, s.minute() + ideal, false)
                .values()) {
            for (Post q : near) {
                if (q != p) {
                    action.accept(q);
                }
            }
        }
    }

    /** What the fatigue constraint charges {@code p} at {@code s} and {@code q} where it stands. */
    private static long pairFatigue(Post p, TimeSlot s, Post q) {
        long ideal = p.rules().idealSpacingMinutes();
        double closeness = (ideal - Math.abs(s.minute() - q.minute())) / (double) ideal;
        return Math.round(
                ScheduleConstraints.FATIGUE * closeness * (p.weight() + q.weight()) / 2 * ScheduleConstraints.SCALE);
    }

    /** Moves a placed post: out of its slot, into {@code to}. */
    void move(Post p, TimeSlot to) {
        remove(p);
        p.assign(to);
        add(p);
    }

    /** Whether {@code p} (not placed) at {@code s} breaks no hard rule given the placed posts. */
    boolean allowed(Post p, TimeSlot s) {
        return withinWindow(p, s)
                && !dayFull(p, s)
                && !weekFull(p, s)
                && gapBlockers(p, s, 2) == 0
                && staggerBlockers(p, s, 2) == 0;
    }

    static boolean withinWindow(Post p, TimeSlot s) {
        return !s.blackout() && s.minute() >= p.earliestMinute() && s.minute() <= p.latestMinute();
    }

    boolean dayFull(Post p, TimeSlot s) {
        return days.getOrDefault(new Period(p.rules(), s.day()), 0) >= p.rules().maxPerDay();
    }

    boolean weekFull(Post p, TimeSlot s) {
        return weeks.getOrDefault(new Period(p.rules(), s.week()), 0)
                >= p.rules().maxPerWeek();
    }

    /** Placed posts of {@code p}'s platform closer to {@code s} than the minimum gap, counted up to {@code upTo}. */
    int gapBlockers(Post p, TimeSlot s, int upTo) {
        long gap = p.rules().minGapMinutes();
        if (gap <= 0) {
            return 0;
        }
        NavigableMap<Long, List<Post>> platform = byPlatform.get(p.rules());
        if (platform == null) {
            return 0;
        }
        int n = 0;
        for (List<Post> near : platform.subMap(s.minute() - gap, false, s.minute() + gap, false)
                .values()) {
            n += near.size();
            if (n >= upTo) {
                return n;
            }
        }
        return n;
    }

    /** Placed posts with {@code p}'s content on another platform closer to {@code s} than the stagger. */
    int staggerBlockers(Post p, TimeSlot s, int upTo) {
        int n = 0;
        for (Post q : byContent.getOrDefault(p.contentId(), List.of())) {
            if (q != p && !q.rules().equals(p.rules()) && Math.abs(q.minute() - s.minute()) < p.staggerMinutes()) {
                if (++n >= upTo) {
                    return n;
                }
            }
        }
        return n;
    }

    /** The one placed post that blocks {@code p} at {@code s} by gap or stagger; null when none or several. */
    Post soleBlocker(Post p, TimeSlot s) {
        int gap = gapBlockers(p, s, 2);
        int stagger = staggerBlockers(p, s, 2);
        if (gap + stagger != 1) {
            return null;
        }
        if (gap == 1) {
            long g = p.rules().minGapMinutes();
            return byPlatform
                    .get(p.rules())
                    .subMap(s.minute() - g, false, s.minute() + g, false)
                    .firstEntry()
                    .getValue()
                    .getFirst();
        }
        for (Post q : byContent.get(p.contentId())) {
            if (q != p && !q.rules().equals(p.rules()) && Math.abs(q.minute() - s.minute()) < p.staggerMinutes()) {
                return q;
            }
        }
        return null;
    }

    /** Placed posts on {@code p}'s platform on {@code s}'s day (p itself counted where it stands there). */
    int dayCount(Post p, TimeSlot s) {
        return days.getOrDefault(new Period(p.rules(), s.day()), 0);
    }

    /** Placed posts on {@code p}'s platform in {@code s}'s week. */
    int weekCount(Post p, TimeSlot s) {
        return weeks.getOrDefault(new Period(p.rules(), s.week()), 0);
    }

    /** Calls {@code action} with each placed post of {@code p}'s platform (not p) fewer than {@code within} minutes from {@code s}. */
    void forEachWithin(Post p, TimeSlot s, long within, Consumer<Post> action) {
        NavigableMap<Long, List<Post>> platform = byPlatform.get(p.rules());
        if (platform == null || within <= 0) {
            return;
        }
        for (List<Post> near : platform.subMap(s.minute() - within, false, s.minute() + within, false)
                .values()) {
            for (Post q : near) {
                if (q != p) {
                    action.accept(q);
                }
            }
        }
    }

    /** The placed posts with {@code p}'s content, p included when placed. */
    List<Post> sameContent(Post p) {
        return byContent.getOrDefault(p.contentId(), List.of());
    }

    /**
     * How many hard rules {@code p} (not placed) at {@code s} would break given the placed posts: each post closer
     * than the gap or the stagger counts one, a day or week over its cap counts what it would be over.
     */
    int cost(Post p, TimeSlot s) {
        if (!withinWindow(p, s)) {
            return 1_000;
        }
        return gapBlockers(p, s, Integer.MAX_VALUE)
                + staggerBlockers(p, s, Integer.MAX_VALUE)
                + Math.max(0, dayCount(p, s) + 1 - p.rules().maxPerDay())
                + Math.max(0, weekCount(p, s) + 1 - p.rules().maxPerWeek());
    }

    /** Placed posts of {@code p}'s platform on {@code s}'s day (or week when {@code week}). */
    List<Post> samePeriod(Post p, TimeSlot s, boolean week) {
        List<Post> found = new ArrayList<>();
        NavigableMap<Long, List<Post>> platform = byPlatform.get(p.rules());
        if (platform == null) {
            return found;
        }
        for (List<Post> at : platform.values()) {
            for (Post q : at) {
                if (week ? q.slot().week() == s.week() : q.slot().day() == s.day()) {
                    found.add(q);
                }
            }
        }
        return found;
    }

    /**
     * Engagement of {@code p} (not placed) at {@code s} less the fatigue it would share there with its platform's
     * placed posts, in score units, rounded per pair as the constraint rounds.
     */
    long gain(Post p, TimeSlot s) {
        return gainWithout(p, s, null);
    }

    /** {@link #gain} priced as if {@code p} itself and {@code other} were not placed. */
    long gainWithout(Post p, TimeSlot s, Post other) {
        long[] fatigueThere = {0};
        forEachNeighbour(p, s, q -> {
            if (q != other) {
                fatigueThere[0] += pairFatigue(p, s, q);
            }
        });
        return p.valueAt(s) - fatigueThere[0];
    }
}
