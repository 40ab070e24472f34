package dev.primetime.optimization;

import dev.primetime.optimization.solver.ExactModel;
import dev.primetime.optimization.solver.Post;
import dev.primetime.optimization.solver.ScheduleSolution;
import dev.primetime.optimization.solver.ScheduleSolver;
import dev.primetime.optimization.solver.TimeSlot;
import dev.primetime.optimization.solver.UpperBound;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whose is a gap on one platform (issue 19): the platform alone (stagger, the only rule across platforms, dropped, as
 * the bound drops it), its part of the start plan, the service's bound of it at a large fixed work, and CP-SAT on it
 * (hinted with the plan) for a time: a CP-SAT plan above the plan's part means the plan leaves that much; a CP-SAT
 * proven bound below the service's means the service's bound is that loose. Arguments: {@code items seed platform
 * seconds work}.
 */
public final class PlatformExact {
    private PlatformExact() {}

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int seed = Integer.parseInt(args[1]);
        String platform = args[2];
        long seconds = Long.parseLong(args[3]);
        long work = Long.parseLong(args[4]);
        GeneratedInstance instance = GeneratedInstance.generate(seed, n, GeneratedInstance.Start.values()[seed % 3]);
        ScheduleProblem problem = instance.problem();
        problem.startFromCurrentTimes();
        ScheduleSolver solver = new ScheduleSolver();
        solver.start(problem.solution);
        List<Post> on = problem.solution.posts().stream()
                .filter(p -> p.rules().platform().id().equals(platform))
                .toList();
        ScheduleSolution alone =
                new ScheduleSolution(problem.solution.slots(), List.of(on.get(0).rules()), on);
        long plan = ScheduleSolver.objective(on);
        UpperBound.Bound bound = UpperBound.of(alone, problem.granularityMinutes, plan, work);
        System.out.printf(
                "%s %s: items %d, plan's part %.3f, service bound %.3f (work %.0e, %.2f%% above the plan)%n",
                instance.label(),
                platform,
                on.size(),
                plan / 1e6,
                bound.value() / 1e6,
                (double) work,
                (bound.value() - plan) * 100.0 / bound.value());
        // the fatigue the plan pays there, and how much of it is between posts that are not next to each other
        // (the spacing bound charges only consecutive pairs, the crowd bound only pairs in one slot)
        List<Post> byTime = on.stream()
                .sorted(java.util.Comparator.comparingLong(Post::minute))
                .toList();
        long consecutive = 0;
        long sameSlot = 0;
        long all = 0;
        int ideal = on.get(0).rules().idealSpacingMinutes();
        for (int a = 0; a < byTime.size(); a++) {
            for (int b = a + 1;
                    b < byTime.size() && byTime.get(b).minute() - byTime.get(a).minute() < ideal;
                    b++) {
                if (byTime.get(a).movable() || byTime.get(b).movable()) {
                    long f =
                            dev.primetime.optimization.solver.ScheduleConstraints.fatigue(byTime.get(a), byTime.get(b));
                    all += f;
                    consecutive += b == a + 1 ? f : 0;
                    sameSlot += byTime.get(b).minute() == byTime.get(a).minute() ? f : 0;
                }
            }
        }
        System.out.printf(
                "  the plan's fatigue %.3f: consecutive pairs %.3f, same-minute pairs %.3f, the rest %.3f%n",
                all / 1e6, consecutive / 1e6, sameSlot / 1e6, (all - consecutive) / 1e6);
        if (seconds <= 0) {
            return;
        }
        Map<Post, TimeSlot> hint = new IdentityHashMap<>();
        on.forEach(p -> hint.put(p, p.slot()));
        ExactModel.Result exact = ExactModel.solveAndScore(alone, Duration.ofSeconds(seconds), 2, hint);
        System.out.printf(
                "  CP-SAT %d s: %s plan %.3f (%+.3f%% vs the plan's part), proven bound %.3f (service bound %+.3f%%"
                        + " above it)%n",
                seconds,
                exact.status(),
                exact.objective() / 1e6,
                (exact.objective() - plan) * 100.0 / plan,
                exact.bound() / 1e6,
                (bound.value() - exact.bound()) * 100.0 / exact.bound());
    }
}
