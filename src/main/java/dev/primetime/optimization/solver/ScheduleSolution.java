package dev.primetime.optimization.solver;

import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.score.HardSoftScore;
import java.util.List;

/** Solver model: the posts of one schedule, the horizon's slots and each platform's rules. */
@PlanningSolution
public final class ScheduleSolution {
    @ProblemFactCollectionProperty
    public List<TimeSlot> slots;

    @ProblemFactCollectionProperty
    public List<PlatformRules> rules;

    @PlanningEntityCollectionProperty
    public List<Post> posts;

    @PlanningScore
    public HardSoftScore score;

    /** For the solver's cloning. */
    public ScheduleSolution() {}

    public ScheduleSolution(List<TimeSlot> slots, List<PlatformRules> rules, List<Post> posts) {
        this.slots = slots;
        this.rules = rules;
        this.posts = posts;
    }

    public List<TimeSlot> slots() {
        return slots;
    }

    public List<PlatformRules> rules() {
        return rules;
    }

    public List<Post> posts() {
        return posts;
    }

    public HardSoftScore score() {
        return score;
    }
}
