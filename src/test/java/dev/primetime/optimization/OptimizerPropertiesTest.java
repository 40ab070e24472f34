package dev.primetime.optimization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.optimization.solver.PlatformRules;
import dev.primetime.optimization.solver.TimeSlot;
import dev.primetime.platform.Platform;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random instances with a planted plan that keeps every rule (see {@link GeneratedInstance}): the service's steps
 * (problem, proofs, start, search, bound) always answer with a plan, checked by {@link PlanCheck} (which shares no
 * code with the solver's score), never with a proof of impossibility, whatever the items' current times. Random
 * instances made impossible by a cap too small for the items: a proof by counting that names the cap and the items.
 */
class OptimizerPropertiesTest {
    private static final ExecutorService BOUND = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "properties-bound");
        t.setDaemon(true);
        return t;
    });

    @AfterContainer
    static void stop() {
        BOUND.shutdownNow();
    }

    @Property(tries = 25)
    void aFeasibleInstanceAlwaysGetsAPlanThatBreaksNoRule(
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 5, max = 160) int items,
            @ForAll GeneratedInstance.Start start) {
        GeneratedInstance instance =
                GeneratedInstance.generate(seed, items, start).withTimeLimit(Duration.ofMillis(1000));

        Runs.Outcome outcome = Runs.run(instance, BOUND);

        assertThat(outcome.problem().conflicts)
                .as("%s: a proof of impossibility for an instance with a plan", instance.label())
                .isEmpty();
        assertThat(outcome.run().score().isFeasible())
                .as("%s: %s", instance.label(), outcome.run().score())
                .isTrue();
        assertThat(PlanCheck.violations(instance, outcome.times()))
                .as(instance.label())
                .isEmpty();
        // the planted plan itself passes the same check: the check is not vacuous for this instance's rules
        assertThat(PlanCheck.violations(instance, instance.planted())).isEmpty();
        // the bound is a bound for what the run found
        assertThat(outcome.run().bound().value())
                .isGreaterThanOrEqualTo(outcome.run().score().softScore());
    }

    @Property(tries = 30)
    void aWeeklyCapTooSmallForThePlatformsItemsIsProvedByCountingAndNamed(
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed, @ForAll @IntRange(min = 10, max = 300) int items) {
        GeneratedInstance feasible = GeneratedInstance.generate(seed, items, GeneratedInstance.Start.RANDOM);
        ScheduleProblem planted = feasible.problem();
        // the platform with the most movable items gets a weekly cap one post short of holding them in its weeks
        Map<PlatformRules, Long> movable = planted.solution.posts().stream()
                .filter(p -> p.movable())
                .collect(Collectors.groupingBy(p -> p.rules(), Collectors.counting()));
        PlatformRules busiest = movable.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
        Set<Long> weeks =
                planted.solution.slots().stream().map(TimeSlot::week).collect(Collectors.toCollection(TreeSet::new));
        int cap = (int) ((movable.get(busiest) - 1) / weeks.size());
        Map<Platform, PlatformRules> rules =
                new java.util.LinkedHashMap<>(feasible.settings().rules());
        rules.put(
                busiest.platform(),
                new PlatformRules(
                        busiest.platform(),
                        busiest.minGapMinutes(),
                        busiest.maxPerDay(),
                        cap,
                        busiest.idealSpacingMinutes()));

        ScheduleProblem impossible = feasible.withRules(rules).problem();

        assertThat(impossible.conflicts).as(feasible.label()).isNotEmpty();
        String platform = busiest.platform().id();
        List<String> named = impossible.conflicts.stream()
                .filter(c -> c.contains(" for " + platform + ": "))
                .toList();
        assertThat(named).as(feasible.label() + " " + impossible.conflicts).isNotEmpty();
        assertThat(named.getFirst())
                .contains("max_per_week")
                .contains("room for")
                .contains("movable items (");
        // the items it names are that platform's movable items
        Set<String> platformItems = impossible.solution.posts().stream()
                .filter(p -> p.movable() && p.rules().platform() == busiest.platform())
                .map(p -> p.id())
                .collect(Collectors.toSet());
        String listed =
                named.getFirst().substring(named.getFirst().indexOf("movable items (") + "movable items (".length());
        String firstId = listed.split("[,)]")[0].trim();
        assertThat(platformItems).contains(firstId);
    }
}
