package dev.primetime.optimization.solver;

import ai.timefold.solver.core.api.domain.common.PlanningId;
import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.entity.PlanningPin;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.domain.variable.PlanningVariable;
import java.util.List;

/**
 * Solver model: one schedule item as the solver sees it. Items that must not move (pinned, terminal, outside the
 * horizon) are pinned entities, so the caps and spacing rules still count them.
 */
// Annotated fields are public: Timefold reads them directly in plain-Java (non-getter) mode.
@PlanningEntity
public final class Post {
    @PlanningId
    public String id;

    private String contentId;
    private PlatformRules rules;
    private int staggerMinutes;
    private double weight;
    private long earliestMinute;
    private long latestMinute;
    /** Weighted expected engagement in score units, by grid slot index. */
    private long[] valueBySlot;

    @PlanningPin
    public boolean fixed;

    @ValueRangeProvider
    public List<TimeSlot> allowedSlots;

    @PlanningVariable
    public TimeSlot slot;

    /** For the solver's cloning. */
    public Post() {}

    public Post(
            String id,
            String contentId,
            PlatformRules rules,
            int staggerMinutes,
            double weight,
            long earliestMinute,
            long latestMinute,
            long[] valueBySlot,
            boolean fixed,
            List<TimeSlot> allowedSlots,
            TimeSlot slot) {
        this.id = id;
        this.contentId = contentId;
        this.rules = rules;
        this.staggerMinutes = staggerMinutes;
        this.weight = weight;
        this.earliestMinute = earliestMinute;
        this.latestMinute = latestMinute;
        this.valueBySlot = valueBySlot;
        this.fixed = fixed;
        this.allowedSlots = allowedSlots;
        this.slot = slot;
    }

    /** A copy standing at {@code at} whatever its value range, for scoring a schedule as it was. */
    public Post placedAt(TimeSlot at) {
        return new Post(
                id,
                contentId,
                rules,
                staggerMinutes,
                weight,
                earliestMinute,
                latestMinute,
                valueBySlot,
                fixed,
                at == null ? List.of() : List.of(at),
                at);
    }

    public String id() {
        return id;
    }

    public String contentId() {
        return contentId;
    }

    public PlatformRules rules() {
        return rules;
    }

    public int staggerMinutes() {
        return staggerMinutes;
    }

    public double weight() {
        return weight;
    }

    public long earliestMinute() {
        return earliestMinute;
    }

    public long latestMinute() {
        return latestMinute;
    }

    public boolean fixed() {
        return fixed;
    }

    public boolean movable() {
        return !fixed;
    }

    public List<TimeSlot> allowedSlots() {
        return allowedSlots;
    }

    public TimeSlot slot() {
        return slot;
    }

    public void assign(TimeSlot slot) {
        this.slot = slot;
    }

    public long minute() {
        return slot.minute();
    }

    /** Weighted expected engagement at the current slot. */
    public long value() {
        return valueAt(slot);
    }

    public long valueAt(TimeSlot at) {
        if (at == null) {
            return 0;
        }
        return at.index() < 0 ? at.ownValue() : valueBySlot[at.index()];
    }

    @Override
    public String toString() {
        return id + "@" + slot;
    }
}
