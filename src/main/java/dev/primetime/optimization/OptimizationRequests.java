package dev.primetime.optimization;

import java.util.List;
import java.util.Map;

/** What the optimization endpoints read (the module convention: {@code <Subject>Requests} in, {@code <Subject>Views} out). */
final class OptimizationRequests {
    private OptimizationRequests() {}

    /**
     * The body of {@code POST /api/v1/scheduling/optimize}; every field but schedule_id is optional.
     *
     * @param async true: answer 202 with a run resource at once; false: hold the request until the run ends, whatever
     *     the time limit; absent: 202 when the time limit exceeds the configured patience or {@code Prefer} asks
     */
    record OptimizeRequest(
            String scheduleId,
            Horizon horizon,
            Integer granularityMinutes,
            Long timeLimitMs,
            Long seed,
            Constraints constraints,
            Boolean async,

            @io.swagger.v3.oas.annotations.media.Schema(
                    description =
                            "What the slot scores forecast: interactions, engagement_rate, views or watch_time_seconds;"
                                    + " default your settings' objective, else interactions")
            String objective) {

        record Horizon(String start, String end) {}

        /** Maps are keyed by platform id. */
        record Constraints(
                Map<String, Integer> minGapMinutes,
                Map<String, Integer> maxPerDay,
                Map<String, Integer> maxPerWeek,
                List<BlackoutRequest> blackouts,
                List<String> pinnedItemIds,
                Integer staggerSameContentMinutes) {}

        /** Either a range ({@code start}, {@code end}) or weekly local hours ({@code days}, {@code from}, {@code to}). */
        record BlackoutRequest(String start, String end, List<String> days, String from, String to) {}
    }
}
