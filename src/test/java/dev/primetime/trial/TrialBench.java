package dev.primetime.trial;

import dev.primetime.trial.TrialSimulation.CountWorld;
import dev.primetime.trial.TrialSimulation.Outcome;
import dev.primetime.trial.TrialSimulation.RateWorld;
import dev.primetime.trial.TrialSimulation.World;

/**
 * Prints how trials decide on simulated data (run through bench/trials/run.sh). With B truly better: how often B is
 * concluded within the expected number of posts ({@link World#expectedPostsPerVariant}) and within twice that
 * (the horizon), and the posts it took. Under the null (A = B, truth of the A row): how often any winner is declared
 * within the same horizon while looking after every {@code look} posts.
 */
public final class TrialBench {
    public static void main(String[] args) {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int draws = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        boolean longNullOnly = args.length > 2 && args[2].equals("long-null");
        System.out.printf(
                "%-16s %-9s %-6s %5s %6s %5s %8s %8s %8s %10s %8s %9s %9s %8s%n",
                "metric",
                "alloc",
                "truth",
                "reps",
                "expect",
                "look",
                "horizon",
                "concl_%",
                "B_%",
                "B<=exp_%",
                "A_%",
                "posts_p50",
                "posts_p90",
                "seconds");
        if (longNullOnly) {
            // Peeking for long: 2,000 impressions a post, first eligible look at ~21 posts per variant, horizon 200.
            RateWorld equal = new RateWorld(new double[] {0.04, 0.04}, 2000);
            TrialStatistics.Rule rule = new TrialStatistics.Rule(10, 0.05, draws, 0);
            int expected = new RateWorld(new double[] {0.04, 0.048}, 2000).expectedPostsPerVariant(1, 0, rule);
            for (Allocation allocation : Allocation.values()) {
                Outcome o = TrialSimulation.run(equal, 2, allocation, rule, 400, 1, repetitions, 43);
                System.out.printf(
                        "engagement_rate  %-9s A=B    %5d %6d %5d %8d %8.1f  (long-horizon null)%n",
                        allocation.id(), repetitions, 2 * expected, 1, 400, 100 * o.concludedShare());
            }
            return;
        }
        for (Allocation allocation : Allocation.values()) {
            // 500 impressions a post at 4% engagement, B 20% better; a 5% lift is worth acting on.
            RateWorld better = new RateWorld(new double[] {0.04, 0.048}, 500);
            RateWorld equal = new RateWorld(new double[] {0.04, 0.04}, 500);
            TrialStatistics.Rule rule = new TrialStatistics.Rule(10, 0.05, draws, 0);
            int expected = better.expectedPostsPerVariant(1, 0, rule);
            scenario("engagement_rate", allocation, "B+20%", better, rule, expected, 1, repetitions);
            scenario("engagement_rate", allocation, "A=B", equal, rule, expected, 1, repetitions);
        }
        // Views are noisy (log-normal, sigma 1): a trial on them asks for a 10% minimum lift; B is 50% better.
        CountWorld views = new CountWorld(new double[] {Math.log(1000), Math.log(1000 * 1.5)}, 1.0);
        CountWorld sameViews = new CountWorld(new double[] {Math.log(1000), Math.log(1000)}, 1.0);
        TrialStatistics.Rule rule = new TrialStatistics.Rule(10, 0.10, draws, 0);
        int expected = views.expectedPostsPerVariant(1, 0, rule);
        int reps = Math.max(20, repetitions / 4);
        scenario("views", Allocation.UNIFORM, "B+50%", views, rule, expected, 5, reps);
        scenario("views", Allocation.UNIFORM, "A=B", sameViews, rule, expected, 5, reps);
    }

    private static void scenario(
            String metric,
            Allocation allocation,
            String truth,
            World world,
            TrialStatistics.Rule rule,
            int expectedPerVariant,
            int look,
            int repetitions) {
        long start = System.nanoTime(); // bench timing only
        int horizon = 2 * 2 * expectedPerVariant;
        Outcome o = TrialSimulation.run(world, 2, allocation, rule, horizon, look, repetitions, 42);
        System.out.printf(
                "%-16s %-9s %-6s %5d %6d %5d %8d %8.1f %8.1f %10.1f %8.1f %9.0f %9.0f %8.1f%n",
                metric,
                allocation.id(),
                truth,
                repetitions,
                2 * expectedPerVariant,
                look,
                horizon,
                100 * o.concludedShare(),
                100 * o.share(1),
                100 * o.shareOfWithin(1, 2 * expectedPerVariant),
                100 * o.share(0),
                o.postsQuantile(0.5),
                o.postsQuantile(0.9),
                (System.nanoTime() - start) / 1e9);
    }
}
