package dev.primetime.recommendation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.UUID;

/** What the recommendation endpoints read (the module convention: {@code <Subject>Requests} in, {@code <Subject>Views} out). */
final class RecommendationRequests {
    private RecommendationRequests() {}

    @Schema(name = "AcceptRecommendation")
    record Accept(UUID scheduleId, String contentId) {}
}
