package dev.primetime.engagement;

import dev.primetime.platform.PlatformCatalog;
import dev.primetime.tenancy.Caller;
import dev.primetime.web.ApiException;
import dev.primetime.web.Page;
import dev.primetime.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/scheduling/kpi-events")
@Tag(name = "engagement", description = "What published posts earned; the recommendation model learns from it")
class KpiEventController {
    private final KpiEventService events;
    private final PlatformCatalog platforms;

    KpiEventController(KpiEventService events, PlatformCatalog platforms) {
        this.events = events;
        this.platforms = platforms;
    }

    @PostMapping
    @Operation(summary = "Record one engagement event, or a batch of up to 1,000 (all or nothing)")
    ResponseEntity<KpiEventViews.Recorded> record(Caller caller, @RequestBody KpiEventRequests.KpiEventsBody body) {
        KpiEventViews.Recorded recorded;
        if (body.events() != null) {
            if (body.hasSingleFields()) {
                throw ApiException.validation("events", "send either one event's fields or an events list, not both");
            }
            recorded = events.record(caller, body.events(), true);
        } else {
            recorded = events.record(caller, java.util.List.of(body.single()), false);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(recorded);
    }

    @GetMapping
    @Operation(summary = "Recorded events, newest first")
    Page<KpiEventViews.KpiEventView> list(
            Caller caller,
            @RequestParam(required = false) String platform,
            @RequestParam(name = "item_id", required = false) String itemId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        String p = null;
        if (platform != null) {
            p = platforms
                    .find(platform)
                    .orElseThrow(() -> ApiException.validation("platform", "unknown platform '" + platform + "'"))
                    .id();
        }
        if (itemId != null) {
            try {
                UUID.fromString(itemId);
            } catch (IllegalArgumentException e) {
                throw ApiException.validation("item_id", "is not an id");
            }
        }
        return events.list(caller, p, itemId, PageRequest.of(limit, cursor));
    }
}
