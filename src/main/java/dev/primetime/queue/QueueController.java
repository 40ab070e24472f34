package dev.primetime.queue;

import dev.primetime.tenancy.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/scheduling/queues")
@Tag(name = "queues", description = "Posting queues: weekly slots per platform that items placed by queue fill")
class QueueController {
    private static final String PLATFORM = "A platform id or alias, as GET /platforms lists them";
    private final QueueService queues;

    QueueController(QueueService queues) {
        this.queues = queues;
    }

    @GetMapping
    @Operation(summary = "Every posting queue of the tenant, by platform")
    QueueViews.QueueList all(Caller caller) {
        return new QueueViews.QueueList(queues.all(caller));
    }

    @GetMapping("/{platform}")
    @Operation(summary = "One platform's posting queue (404 without one)")
    QueueViews.QueueView get(Caller caller, @Parameter(description = PLATFORM) @PathVariable String platform) {
        return queues.get(caller, platform);
    }

    @PutMapping("/{platform}")
    @Operation(
            summary = "Create or replace a platform's posting queue: 1–100 weekly slots, wall-clock times in its"
                    + " timezone (DST-correct)")
    QueueViews.QueueView put(
            Caller caller,
            @Parameter(description = PLATFORM) @PathVariable String platform,
            @RequestBody QueueRequests.PutQueue body) {
        return queues.put(caller, platform, body);
    }

    @DeleteMapping("/{platform}")
    @Operation(summary = "Delete a platform's posting queue; items it placed keep their times")
    ResponseEntity<Void> delete(Caller caller, @Parameter(description = PLATFORM) @PathVariable String platform) {
        queues.delete(caller, platform);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{platform}/suggest")
    @Operation(summary = "The best weekly slots from your model (platform defaults without history); stores nothing")
    QueueViews.Suggestion suggest(
            Caller caller,
            @Parameter(description = PLATFORM) @PathVariable String platform,
            @RequestBody QueueRequests.Suggest body) {
        return queues.suggest(caller, platform, body);
    }
}
