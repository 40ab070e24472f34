package dev.primetime.optimization;

import dev.primetime.optimization.OptimizationRequests.OptimizeRequest;
import dev.primetime.optimization.OptimizationViews.OptimizeResponse;
import dev.primetime.optimization.OptimizationViews.RunView;
import dev.primetime.tenancy.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/scheduling")
@Tag(name = "optimization", description = "Whole-schedule optimization")
class OptimizationController {
    static final String RUNS = "/api/v1/scheduling/optimize/";

    private final OptimizationService optimization;

    OptimizationController(OptimizationService optimization) {
        this.optimization = optimization;
    }

    @PostMapping("/optimize")
    @Operation(
            summary = "Re-time a schedule's movable items for the most expected engagement under the constraints;"
                    + " 422 validation_error with a proof when the constraints cannot all hold,"
                    + " 422 no_feasible_plan_found when the search merely found no plan in time,"
                    + " 409 while another run is in progress."
                    + " Answers 202 with a run resource (Location) when the body says async: true,"
                    + " Prefer: respond-async is sent, or the time limit exceeds the patience (Prefer: wait=seconds,"
                    + " else the configured patience, 30 s by default)")
    @ApiResponse(
            responseCode = "200",
            description = "The run ended and its times are written",
            content = @Content(schema = @Schema(implementation = OptimizeResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "validation_error: a bad request, or constraints that provably cannot all hold (the message"
                    + " carries the proof: an item without a slot, or a counting certificate naming the platform, the"
                    + " rules, the interval, the room and the items); no_feasible_plan_found: the search ended"
                    + " without a plan keeping every constraint, which is not a proof that none exists (the message"
                    + " names what the best plan still breaks; raise time_limit_ms). Nothing is moved either way",
            content = @Content(schema = @Schema(ref = "#/components/schemas/Error")))
    @ApiResponse(
            responseCode = "202",
            description = "The run is solving; poll the Location",
            content = @Content(schema = @Schema(implementation = RunView.class)))
    @ApiResponse(
            responseCode = "429",
            description = "rate_limited: the tenant already has its most runs solving at once on this instance (a"
                    + " synchronous run), or its most asynchronous runs waiting for a runner; Retry-After says when"
                    + " its soonest run should end. Also the per-tenant request rate limit",
            content = @Content(schema = @Schema(implementation = dev.primetime.web.ErrorBody.class)))
    ResponseEntity<Object> optimize(
            Caller caller,
            @RequestBody OptimizeRequest request,
            @Parameter(description = "respond-async for 202 at once; wait=seconds for the patience")
                    @RequestHeader(value = "Prefer", required = false)
                    String prefer) {
        return switch (optimization.optimize(caller, request, prefer)) {
            case OptimizationService.Answer.Finished finished -> ResponseEntity.ok(finished.body());
            case OptimizationService.Answer.Accepted accepted -> {
                var response = ResponseEntity.status(HttpStatus.ACCEPTED)
                        .location(URI.create(RUNS + accepted.run().runId()));
                if (accepted.preferenceApplied()) {
                    response.header("Preference-Applied", "respond-async");
                }
                yield response.body(accepted.run());
            }
        };
    }

    @GetMapping("/optimize/{runId}")
    @Operation(
            summary = "An optimization run answered with 202: running, completed, canceled or failed, the best"
                    + " objective found so far, and once it has ended the body a synchronous run answers with;"
                    + " 404 for an unknown run or another tenant's")
    RunView run(Caller caller, @PathVariable String runId) {
        return optimization.run(caller, runId);
    }

    @DeleteMapping("/optimize/{runId}")
    @Operation(
            summary = "Stop a running run. apply_partial=true writes the best schedule found so far (when it breaks"
                    + " no constraint); otherwise (the default) nothing is written and the schedule goes back to"
                    + " where it was. Answers with the run once it has stopped; 409 for a run already completed or"
                    + " failed")
    RunView cancel(
            Caller caller,
            @PathVariable String runId,
            @RequestParam(name = "apply_partial", defaultValue = "false") boolean applyPartial) {
        return optimization.cancel(caller, runId, applyPartial);
    }
}
