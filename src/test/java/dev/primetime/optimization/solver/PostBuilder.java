package dev.primetime.optimization.solver;

import java.util.List;

/**
 * A solver {@link Post} for tests, said the way the Timefold quickstarts' tests say their entities: {@code
 * aPost("a").forContent("c1").on(YOUTUBE).at(slot).build()}. What a test leaves unsaid takes the defaults: content
 * {@code "content-<id>"}, 60 minutes of stagger, weight 1, no window of its own, worth 700 at every slot, movable,
 * allowed only where it stands (or nowhere when it stands nowhere).
 */
public final class PostBuilder {
    private final String id;
    private String contentId;
    private PlatformRules rules;
    private int staggerMinutes = 60;
    private double weight = 1.0;
    private long earliestMinute = Long.MIN_VALUE;
    private long latestMinute = Long.MAX_VALUE;
    private long[] values = {700};
    private boolean fixed;
    private List<TimeSlot> allowedSlots;
    private TimeSlot slot;

    private PostBuilder(String id) {
        this.id = id;
        this.contentId = "content-" + id;
    }

    public static PostBuilder aPost(String id) {
        return new PostBuilder(id);
    }

    public PostBuilder forContent(String contentId) {
        this.contentId = contentId;
        return this;
    }

    public PostBuilder on(PlatformRules rules) {
        this.rules = rules;
        return this;
    }

    public PostBuilder staggeredBy(int minutes) {
        this.staggerMinutes = minutes;
        return this;
    }

    public PostBuilder weighing(double weight) {
        this.weight = weight;
        return this;
    }

    /** The item's own window, in minutes since the epoch, both ends included. */
    public PostBuilder within(long earliestMinute, long latestMinute) {
        this.earliestMinute = earliestMinute;
        this.latestMinute = latestMinute;
        return this;
    }

    /** Its value at each grid slot, by slot index (one value: the same at every slot its tests use). */
    public PostBuilder worth(long... valueBySlot) {
        this.values = valueBySlot;
        return this;
    }

    /** Pinned: the solver never moves it, the rules still count it. */
    public PostBuilder fixed() {
        this.fixed = true;
        return this;
    }

    public PostBuilder fixed(boolean fixed) {
        this.fixed = fixed;
        return this;
    }

    public PostBuilder allowedAt(List<TimeSlot> slots) {
        this.allowedSlots = slots;
        return this;
    }

    /** Where it stands now. */
    public PostBuilder at(TimeSlot slot) {
        this.slot = slot;
        return this;
    }

    public Post build() {
        List<TimeSlot> allowed = allowedSlots != null ? allowedSlots : slot == null ? List.of() : List.of(slot);
        return new Post(
                id,
                contentId,
                rules,
                staggerMinutes,
                weight,
                earliestMinute,
                latestMinute,
                values,
                fixed,
                allowed,
                slot);
    }
}
