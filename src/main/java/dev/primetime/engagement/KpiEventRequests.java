package dev.primetime.engagement;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** What the KPI event endpoints read (the module convention: {@code <Subject>Requests} in, {@code <Subject>Views} out). */
final class KpiEventRequests {
    private KpiEventRequests() {}

    @Schema(name = "KpiEvent", description = "One metric observation of a published post")
    record KpiEventRequest(
            @Schema(description = "A schedule item; platform, content type and publish time are taken from it")
            String itemId,

            @Schema(description = "Required when item_id is absent")
            String contentId,

            String platform,
            String contentType,
            @Schema(example = "2026-03-03T15:00:00-05:00") String publishedAt,

            @Schema(
                    allowableValues = {
                        "impressions",
                        "views",
                        "likes",
                        "comments",
                        "shares",
                        "saves",
                        "clicks",
                        "watch_time_seconds",
                        "reach"
                    })
            String metric,

            Double value,
            @Schema(description = "Defaults to now") String observedAt,

            @Schema(description = "Deduplication key: the same event_id is stored once")
            String eventId,

            @Schema(
                    description =
                            "IANA zone of this post's audience, only to override the tenant's audience zone for it: without it the"
                                    + " post's instant is read in the audience's zone (the request's timezone, else"
                                    + " the settings' audience_timezone, else the latest schedule's, else UTC) when"
                                    + " the model is fitted")
            String timezone) {}

    /** One event (its fields at the top level) or a batch ({@code events}); never both. */
    @Schema(
            name = "KpiEventsBody",
            description = "Either one event's fields, or {\"events\": [...]} with up to 1,000 events")
    record KpiEventsBody(
            String itemId,
            String contentId,
            String platform,
            String contentType,
            String publishedAt,
            String metric,
            Double value,
            String observedAt,
            String eventId,
            String timezone,
            List<KpiEventRequest> events) {

        boolean hasSingleFields() {
            return itemId != null
                    || contentId != null
                    || platform != null
                    || contentType != null
                    || publishedAt != null
                    || metric != null
                    || value != null
                    || observedAt != null
                    || eventId != null
                    || timezone != null;
        }

        KpiEventRequest single() {
            return new KpiEventRequest(
                    itemId,
                    contentId,
                    platform,
                    contentType,
                    publishedAt,
                    metric,
                    value,
                    observedAt,
                    eventId,
                    timezone);
        }
    }
}
