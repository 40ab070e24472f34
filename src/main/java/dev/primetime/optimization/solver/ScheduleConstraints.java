package dev.primetime.optimization.solver;

import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.conditionally;
import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.count;

import ai.timefold.solver.core.api.score.HardSoftScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;
import ai.timefold.solver.core.api.score.stream.Joiners;
import ai.timefold.solver.core.api.score.stream.bi.BiConstraintStream;
import java.util.function.ToIntFunction;

/**
 * The optimizer's rules, one named constraint each. Hard rules are the creator's constraints; the soft score is the
 * objective: weighted expected engagement minus audience fatigue, in {@link #SCALE} units per unit of engagement.
 */
public class ScheduleConstraints implements ConstraintProvider {
    /** Score units per unit of expected engagement (1.0 is the best hour of the platform prior). */
    public static final long SCALE = 1_000_000;
    /** Engagement lost by two same-platform posts at the same minute; it falls linearly to 0 at the ideal spacing. */
    public static final double FATIGUE = 0.1;

    public static final String OUTSIDE_WINDOW = "Outside item window";
    public static final String BLACKOUT = "During blackout";
    public static final String MIN_GAP = "Minimum gap on platform";
    public static final String MAX_PER_DAY = "Maximum posts per day";
    public static final String MAX_PER_WEEK = "Maximum posts per week";
    public static final String STAGGER = "Same content staggered across platforms";
    public static final String ENGAGEMENT = "Expected engagement";
    public static final String FATIGUE_NAME = "Audience fatigue";

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {
            outsideItemWindow(factory),
            duringBlackout(factory),
            minimumGapOnPlatform(factory),
            maximumPostsPerDay(factory),
            maximumPostsPerWeek(factory),
            sameContentStaggered(factory),
            expectedEngagement(factory),
            audienceFatigue(factory)
        };
    }

    public Constraint outsideItemWindow(ConstraintFactory factory) {
        return factory.forEach(Post.class)
                .filter(p -> p.movable() && (p.minute() < p.earliestMinute() || p.minute() > p.latestMinute()))
                .penalize(HardSoftScore.ONE_HARD)
                .asConstraint(OUTSIDE_WINDOW);
    }

    public Constraint duringBlackout(ConstraintFactory factory) {
        return factory.forEach(Post.class)
                .filter(p -> p.movable() && p.slot().blackout())
                .penalize(HardSoftScore.ONE_HARD)
                .asConstraint(BLACKOUT);
    }

    /** Two posts on one platform closer than its minimum gap; weighted by how much closer, so search is guided. */
    public Constraint minimumGapOnPlatform(ConstraintFactory factory) {
        return closePairs(factory, rules -> rules.minGapMinutes())
                .filter((a, b) -> a.movable() || b.movable())
                .penalize(
                        HardSoftScore.ONE_HARD,
                        (a, b) -> (a.rules().minGapMinutes() - Math.abs(a.minute() - b.minute())))
                .asConstraint(MIN_GAP);
    }

    /**
     * Posts over a platform's daily cap, counting only what the optimizer placed: fixed posts (published, pinned,
     * outside the horizon) over the cap alone are not its fault, and not its to mend, so a day they fill costs each
     * movable post put there, never the fixed excess (which would make every run infeasible after a busy day).
     */
    public Constraint maximumPostsPerDay(ConstraintFactory factory) {
        return factory.forEach(Post.class)
                .groupBy(Post::rules, p -> p.slot().day(), count(), conditionally(Post::movable, count()))
                .filter((rules, day, n, movable) -> n > rules.maxPerDay() && movable > 0)
                .penalize(HardSoftScore.ONE_HARD, (rules, day, n, movable) -> Math.min(movable, n - rules.maxPerDay()))
                .asConstraint(MAX_PER_DAY);
    }

    /** As {@link #maximumPostsPerDay}, per Monday-first week of the schedule's zone. */
    public Constraint maximumPostsPerWeek(ConstraintFactory factory) {
        return factory.forEach(Post.class)
                .groupBy(Post::rules, p -> p.slot().week(), count(), conditionally(Post::movable, count()))
                .filter((rules, week, n, movable) -> n > rules.maxPerWeek() && movable > 0)
                .penalize(
                        HardSoftScore.ONE_HARD, (rules, week, n, movable) -> Math.min(movable, n - rules.maxPerWeek()))
                .asConstraint(MAX_PER_WEEK);
    }

    /** The same content on several platforms goes out at least the stagger apart. */
    public Constraint sameContentStaggered(ConstraintFactory factory) {
        return factory.forEach(Post.class)
                .join(Post.class, Joiners.equal(Post::contentId))
                .filter((a, b) -> a.id().compareTo(b.id()) < 0
                        && (a.movable() || b.movable())
                        && a.rules() != b.rules()
                        && Math.abs(a.minute() - b.minute()) < a.staggerMinutes())
                .penalize(HardSoftScore.ONE_HARD, (a, b) -> (a.staggerMinutes() - Math.abs(a.minute() - b.minute())))
                .asConstraint(STAGGER);
    }

    public Constraint expectedEngagement(ConstraintFactory factory) {
        return factory.forEach(Post.class)
                .filter(Post::movable)
                .reward(HardSoftScore.ONE_SOFT, Post::value)
                .asConstraint(ENGAGEMENT);
    }

    /** Same-platform posts closer than the ideal spacing each lose a little, more the closer they are. */
    public Constraint audienceFatigue(ConstraintFactory factory) {
        return closePairs(factory, PlatformRules::idealSpacingMinutes)
                .filter((a, b) -> a.movable() || b.movable())
                .penalize(HardSoftScore.ONE_SOFT, ScheduleConstraints::fatigue)
                .asConstraint(FATIGUE_NAME);
    }

    /**
     * Each unordered pair of same-platform posts fewer than {@code reach(rules)} minutes apart, found through hash
     * indexes: a post's bucket is its minute divided by the reach, so such a pair sits in one bucket or in two
     * neighbouring ones. Joining on the bucket touches only the few posts near a moved post; a range join
     * ({@code Joiners.overlapping}) walked a sorted index over about half of the platform's posts on every move (at
     * 1,000 items the move evaluation speed was a fraction of what these equal joins give, see bench/optimization).
     */
    private static BiConstraintStream<Post, Post> closePairs(
            ConstraintFactory factory, ToIntFunction<PlatformRules> reach) {
        BiConstraintStream<Post, Post> sameBucket = factory.forEach(Post.class)
                .filter(p -> reach.applyAsInt(p.rules()) > 0)
                .join(
                        factory.forEach(Post.class).filter(p -> reach.applyAsInt(p.rules()) > 0),
                        Joiners.equal(Post::rules),
                        Joiners.equal(p -> bucket(p, reach)))
                // each unordered pair once; a filter, since a comparison index per bucket costs more than a
                // bucket's few posts
                .filter((a, b) -> a.id().compareTo(b.id()) < 0);
        BiConstraintStream<Post, Post> nextBucket = factory.forEach(Post.class)
                .filter(p -> reach.applyAsInt(p.rules()) > 0)
                .join(
                        factory.forEach(Post.class).filter(p -> reach.applyAsInt(p.rules()) > 0),
                        Joiners.equal(Post::rules),
                        Joiners.equal(p -> bucket(p, reach) + 1, p -> bucket(p, reach)));
        return sameBucket
                .concat(nextBucket)
                .filter((a, b) -> Math.abs(a.minute() - b.minute()) < reach.applyAsInt(a.rules()));
    }

    private static long bucket(Post p, ToIntFunction<PlatformRules> reach) {
        return Math.floorDiv(p.minute(), reach.applyAsInt(p.rules()));
    }

    public static long fatigue(Post a, Post b) {
        double ideal = a.rules().idealSpacingMinutes();
        double closeness = (ideal - Math.abs(a.minute() - b.minute())) / ideal;
        return Math.round(FATIGUE * closeness * (a.weight() + b.weight()) / 2 * SCALE);
    }
}
