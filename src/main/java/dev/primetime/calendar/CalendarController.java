package dev.primetime.calendar;

import dev.primetime.calendar.ScheduleViews.ItemList;
import dev.primetime.calendar.ScheduleViews.ItemView;
import dev.primetime.calendar.ScheduleViews.ScheduleView;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.tenancy.Caller;
import dev.primetime.web.DateTimeRange;
import dev.primetime.web.FieldErrors;
import dev.primetime.web.Page;
import dev.primetime.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/scheduling/calendar")
@Tag(name = "calendar", description = "Schedules and their items")
class CalendarController {
    private static final String IDEMPOTENCY_DOC =
            "Replays the first response for 24 h when repeated with the same body";
    private final CalendarService calendar;
    private final ScheduleSeries series;
    private final ScheduleLifecycle lifecycle;
    private final PlatformCatalog platforms;

    CalendarController(
            CalendarService calendar, ScheduleSeries series, ScheduleLifecycle lifecycle, PlatformCatalog platforms) {
        this.calendar = calendar;
        this.series = series;
        this.lifecycle = lifecycle;
        this.platforms = platforms;
    }

    @PostMapping
    @Operation(summary = "Create a schedule with up to 1,000 items, all or nothing")
    ResponseEntity<ScheduleView> create(
            Caller caller,
            @RequestBody ScheduleRequests.CreateSchedule request,
            @Parameter(description = IDEMPOTENCY_DOC) @RequestHeader(name = "Idempotency-Key", required = false)
                    String key) {
        ScheduleView view = calendar.create(caller, request);
        return ResponseEntity.created(URI.create("/api/v1/scheduling/calendar/" + view.id()))
                .eTag(Etags.of(view.version()))
                .body(view);
    }

    @GetMapping
    @Operation(summary = "List schedules, newest first; from/to select schedules with an item scheduled in [from, to)")
    Page<ScheduleView> list(
            Caller caller,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String platform,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        FieldErrors errors = new FieldErrors();
        ScheduleStatus s = status == null ? null : ScheduleStatus.find(status).orElse(null);
        if (status != null && s == null) {
            errors.add("status", "unknown schedule status '" + status + "'");
        }
        Window w = window(platform, from, to, errors);
        errors.throwIfAny();
        return calendar.list(
                caller,
                new CalendarStore.ScheduleFilter(s, w.platform(), w.from(), w.to()),
                PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    @Operation(summary = "A schedule with its items")
    ResponseEntity<ScheduleView> get(Caller caller, @PathVariable String id) {
        ScheduleView view = calendar.get(caller, id);
        return ResponseEntity.ok().eTag(Etags.of(view.version())).body(view);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change title, description, timezone or metadata; If-Match makes it conditional")
    ResponseEntity<ScheduleView> update(
            Caller caller,
            @PathVariable String id,
            @RequestBody ScheduleRequests.UpdateSchedule request,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        ScheduleView view = calendar.update(caller, id, request, ifMatch);
        return ResponseEntity.ok().eTag(Etags.of(view.version())).body(view);
    }

    @PostMapping("/{id}/items")
    @Operation(summary = "Add items to a pending or running schedule")
    ResponseEntity<ItemList> addItems(
            Caller caller,
            @PathVariable String id,
            @RequestBody ScheduleRequests.AddItems request,
            @Parameter(description = IDEMPOTENCY_DOC) @RequestHeader(name = "Idempotency-Key", required = false)
                    String key) {
        return ResponseEntity.status(HttpStatus.CREATED).body(new ItemList(calendar.addItems(caller, id, request)));
    }

    @PostMapping(path = "/{id}/items/import", consumes = "text/csv")
    @Operation(
            summary = "Import up to 10,000 items from CSV, all or nothing (dry_run=true: the plan, nothing written)",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @io.swagger.v3.oas.annotations.media.Content(
                                            mediaType = "text/csv",
                                            schema =
                                                    @io.swagger.v3.oas.annotations.media.Schema(
                                                            type = "string",
                                                            example =
                                                                    "content_id,platform,content_type,scheduled_time,placement,priority,metadata\n"
                                                                            + "c1,youtube,,2026-11-06T14:00:00-05:00,,60,\"{\"\"campaign\"\": \"\"fall\"\"}\"\n"
                                                                            + "c2,x,,,best,,\n"))))
    ResponseEntity<ScheduleViews.ItemImport> importItems(
            Caller caller,
            @PathVariable String id,
            @Parameter(description = "true: place and check every row, answer the plan, write nothing")
                    @RequestParam(name = "dry_run", required = false)
                    String dryRun,
            jakarta.servlet.http.HttpServletRequest request)
            throws java.io.IOException {
        boolean dry = false;
        if (dryRun != null) {
            if (!dryRun.equals("true") && !dryRun.equals("false")) {
                throw dev.primetime.web.ApiException.validation("dry_run", "must be true or false");
            }
            dry = dryRun.equals("true");
        }
        org.springframework.http.MediaType type =
                org.springframework.http.MediaType.parseMediaType(request.getContentType());
        java.nio.charset.Charset charset =
                type.getCharset() == null ? java.nio.charset.StandardCharsets.UTF_8 : type.getCharset();
        ScheduleViews.ItemImport result =
                calendar.importItems(caller, id, new java.io.InputStreamReader(request.getInputStream(), charset), dry);
        return ResponseEntity.status(dry ? HttpStatus.OK : HttpStatus.CREATED).body(result);
    }

    @GetMapping("/{id}/items")
    @Operation(summary = "A schedule's items in time order (unscheduled last)")
    Page<ItemView> items(
            Caller caller,
            @PathVariable String id,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String platform,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        FieldErrors errors = new FieldErrors();
        ItemStatus s = status == null ? null : ItemStatus.find(status).orElse(null);
        if (status != null && s == null) {
            errors.add("status", "unknown item status '" + status + "'");
        }
        Window w = window(platform, from, to, errors);
        errors.throwIfAny();
        return calendar.items(
                caller, id, new ItemStore.ItemFilter(s, w.platform(), w.from(), w.to()), PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}/items/{itemId}")
    @Operation(summary = "One item")
    ResponseEntity<ItemView> item(Caller caller, @PathVariable String id, @PathVariable String itemId) {
        ItemView view = calendar.item(caller, id, itemId);
        return ResponseEntity.ok().eTag(Etags.of(view.version())).body(view);
    }

    @PatchMapping("/{id}/items/{itemId}")
    @Operation(summary = "Move an item (scheduled_time) or change its status (external_post_id, external_url, error)")
    ResponseEntity<ItemView> updateItem(
            Caller caller,
            @PathVariable String id,
            @PathVariable String itemId,
            @RequestBody ScheduleRequests.UpdateItem request,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        ItemView view = calendar.updateItem(caller, id, itemId, request, ifMatch);
        return ResponseEntity.ok().eTag(Etags.of(view.version())).body(view);
    }

    @DeleteMapping("/{id}/items/{itemId}")
    @Operation(summary = "Delete a pending item")
    ResponseEntity<Void> deleteItem(Caller caller, @PathVariable String id, @PathVariable String itemId) {
        calendar.deleteItem(caller, id, itemId);
        return ResponseEntity.noContent().build();
    }

    @PatchMapping("/{id}/series/{seriesId}")
    @Operation(
            summary = "Change every pending occurrence of a recurring series still ahead (time_of_day in the"
                    + " schedule's timezone, priority, metadata); answers the occurrences changed")
    ItemList updateSeries(
            Caller caller,
            @PathVariable String id,
            @PathVariable String seriesId,
            @RequestBody ScheduleRequests.UpdateSeries request) {
        return new ItemList(series.update(caller, id, seriesId, request));
    }

    @DeleteMapping("/{id}/series/{seriesId}")
    @Operation(summary = "Delete every pending occurrence of a recurring series; the others stay")
    ResponseEntity<Void> deleteSeries(Caller caller, @PathVariable String id, @PathVariable String seriesId) {
        series.delete(caller, id, seriesId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/start")
    @Operation(summary = "pending → running: items with a time are committed for dispatch")
    ScheduleView start(
            Caller caller,
            @PathVariable String id,
            @Parameter(description = IDEMPOTENCY_DOC) @RequestHeader(name = "Idempotency-Key", required = false)
                    String key) {
        return lifecycle.start(caller, id);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "→ canceling → canceled: open items are skipped once in-flight work settles")
    ScheduleView cancel(
            Caller caller,
            @PathVariable String id,
            @Parameter(description = IDEMPOTENCY_DOC) @RequestHeader(name = "Idempotency-Key", required = false)
                    String key) {
        return lifecycle.cancel(caller, id);
    }

    /** The filters both lists share: a platform and a time window [from, to). */
    private record Window(String platform, Instant from, Instant to) {}

    private Window window(String platform, String from, String to, FieldErrors errors) {
        return new Window(
                platform(platform, errors),
                // only compared with stored times: any year is a valid bound
                DateTimeRange.clampForComparison(ScheduleValidation.parsedTime(from, "from", ZoneOffset.UTC, errors)),
                DateTimeRange.clampForComparison(ScheduleValidation.parsedTime(to, "to", ZoneOffset.UTC, errors)));
    }

    private String platform(String platform, FieldErrors errors) {
        if (platform == null) {
            return null;
        }
        Platform p = platforms.find(platform).orElse(null);
        if (p == null) {
            errors.add("platform", "unknown platform '" + platform + "'");
            return null;
        }
        return p.id();
    }
}
