package dev.primetime.optimization.solver;

import static org.assertj.core.api.Assertions.assertThat;

import ai.timefold.solver.core.api.solver.Solver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ScheduleSolverTest {
    private final ScheduleSolver solver = new ScheduleSolver();

    private static ScheduleSolution greedyStart(int items) {
        ScheduleSolution problem = OptimizationBench.problem(items);
        GreedyBaseline.place(problem);
        return problem;
    }

    private ScheduleSolver.Result solveByMoves(long seed) {
        return solver.solve(greedyStart(200), Duration.ofMinutes(1), seed, Long.MAX_VALUE, 20_000L, p -> {}, s -> {});
    }

    private static List<String> placements(ScheduleSolution solution) {
        return solution.posts().stream().map(Post::toString).toList();
    }

    @Test
    void theSameInputAndSeedGiveTheSameSchedule() {
        ScheduleSolver.Result first = solveByMoves(7);
        ScheduleSolver.Result second = solveByMoves(7);

        assertThat(second.score()).isEqualTo(first.score());
        assertThat(placements(second.best())).isEqualTo(placements(first.best()));
        // the run did something: the local search moved posts away from the greedy start
        assertThat(placements(first.best())).isNotEqualTo(placements(greedyStart(200)));
    }

    @Test
    void aCancelArrivingDuringARunEndsItEarlyWithTheBestSoFar() throws Exception {
        AtomicReference<Solver<ScheduleSolution>> running = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        long begin = System.nanoTime(); // elapsed time of the test, not a time of day
        CompletableFuture<ScheduleSolver.Result> run = CompletableFuture.supplyAsync(
                () -> solver.solve(greedyStart(1000), Duration.ofSeconds(60), 0, Long.MAX_VALUE, null, p -> {}, s -> {
                    running.set(s);
                    started.countDown();
                }));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(500);
        assertThat(run).isNotDone();

        // A stop asked before solve() has really begun is reset by it (seen on a loaded machine): ask until it ends,
        // as the service's cancel does.
        long stopBy = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!run.isDone() && System.nanoTime() < stopBy) {
            running.get().terminateEarly();
            Thread.sleep(100);
        }
        ScheduleSolver.Result result = run.get(1, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(50));
        assertThat(result.score().isFeasible()).isTrue();
        assertThat(result.best().posts()).allMatch(p -> p.slot() != null);
    }

    @Test
    void aRunStoppedBeforeEveryPostHasATimeIsNotFeasible() {
        // nothing placed, and the run stopped after one evaluated move: the construction heuristic leaves posts open
        ScheduleSolution open = OptimizationBench.problem(50);

        ScheduleSolver.Result result =
                solver.solve(open, Duration.ofMinutes(1), 0, Long.MAX_VALUE, 1L, p -> {}, s -> {});

        long unassigned =
                result.best().posts().stream().filter(p -> p.slot() == null).count();
        assertThat(unassigned).isPositive();
        assertThat(result.score().isFeasible()).isFalse();
        assertThat(result.score().hardScore()).isLessThanOrEqualTo(-unassigned);
    }
}
