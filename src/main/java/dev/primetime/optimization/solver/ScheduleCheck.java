package dev.primetime.optimization.solver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks a placement against the hard rules directly, independently of the solver's score: it names what a 422
 * reports and what tests assert on. Groups made only of fixed posts are not reported (nothing can change them).
 */
public final class ScheduleCheck {
    private ScheduleCheck() {}

    /** One broken rule and the items involved. */
    public record Violation(String constraint, List<String> itemIds) {}

    public static List<Violation> violations(List<Post> posts) {
        List<Violation> found = new ArrayList<>();
        List<Post> placed = posts.stream().filter(p -> p.slot() != null).toList();
        for (Post p : placed) {
            if (p.movable() && (p.minute() < p.earliestMinute() || p.minute() > p.latestMinute())) {
                found.add(new Violation(ScheduleConstraints.OUTSIDE_WINDOW, List.of(p.id())));
            }
            if (p.movable() && p.slot().blackout()) {
                found.add(new Violation(ScheduleConstraints.BLACKOUT, List.of(p.id())));
            }
        }
        for (List<Post> platform : groups(placed, Post::rules).values()) {
            int gap = platform.getFirst().rules().minGapMinutes();
            found.addAll(closePairs(platform, gap, ScheduleConstraints.MIN_GAP, false));
            PlatformRules rules = platform.getFirst().rules();
            found.addAll(overCap(platform, p -> p.slot().day(), rules.maxPerDay(), ScheduleConstraints.MAX_PER_DAY));
            found.addAll(overCap(platform, p -> p.slot().week(), rules.maxPerWeek(), ScheduleConstraints.MAX_PER_WEEK));
        }
        for (List<Post> content : groups(placed, Post::contentId).values()) {
            if (content.size() > 1) {
                int stagger = content.getFirst().staggerMinutes();
                found.addAll(closePairs(content, stagger, ScheduleConstraints.STAGGER, true));
            }
        }
        return found;
    }

    private static <K> Map<K, List<Post>> groups(List<Post> posts, Function<Post, K> key) {
        Map<K, List<Post>> groups = new LinkedHashMap<>();
        posts.forEach(p ->
                groups.computeIfAbsent(key.apply(p), k -> new ArrayList<>()).add(p));
        return groups;
    }

    private static List<Violation> closePairs(List<Post> posts, int within, String constraint, boolean crossPlatform) {
        List<Violation> found = new ArrayList<>();
        List<Post> sorted =
                posts.stream().sorted(Comparator.comparingLong(Post::minute)).toList();
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1;
                    j < sorted.size() && sorted.get(j).minute() - sorted.get(i).minute() < within;
                    j++) {
                Post a = sorted.get(i);
                Post b = sorted.get(j);
                if ((a.movable() || b.movable()) && (!crossPlatform || a.rules() != b.rules())) {
                    found.add(new Violation(constraint, List.of(a.id(), b.id())));
                }
            }
        }
        return found;
    }

    private static List<Violation> overCap(List<Post> posts, Function<Post, Long> period, int cap, String constraint) {
        List<Violation> found = new ArrayList<>();
        for (List<Post> group : groups(posts, period).values()) {
            if (group.size() > cap && group.stream().anyMatch(Post::movable)) {
                found.add(new Violation(constraint, group.stream().map(Post::id).toList()));
            }
        }
        return found;
    }
}
