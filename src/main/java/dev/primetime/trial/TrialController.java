package dev.primetime.trial;

import dev.primetime.tenancy.Caller;
import dev.primetime.trial.TrialRequests.AssignRequest;
import dev.primetime.trial.TrialRequests.CreateTrial;
import dev.primetime.trial.TrialViews.AssignResponse;
import dev.primetime.trial.TrialViews.TrialView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/scheduling/trials")
@Tag(name = "trials", description = "A/B trials of weekly posting slots")
class TrialController {
    private final TrialService trials;

    TrialController(TrialService trials) {
        this.trials = trials;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Start a trial of 2 to 6 variants of weekly posting slots")
    TrialView create(Caller caller, @RequestBody CreateTrial request) {
        return trials.create(caller, request);
    }

    @PostMapping("/{id}/assign")
    @Operation(
            summary = "Place posts (schedule items or content ids) into variants by Thompson sampling or evenly;"
                    + " a post already in the trial keeps its variant")
    AssignResponse assign(Caller caller, @PathVariable String id, @RequestBody AssignRequest request) {
        return trials.assign(caller, id, request);
    }

    @GetMapping("/{id}")
    @Operation(
            summary = "Per-variant posterior mean, 95% interval and probability of being best, and the winner once"
                    + " one variant is best with probability ≥ 0.95 by the trial's rule")
    TrialView get(Caller caller, @PathVariable String id) {
        return trials.get(caller, id);
    }

    @PostMapping("/{id}/stop")
    @Operation(summary = "Stop a running trial; 409 when it is already stopped or concluded")
    TrialView stop(Caller caller, @PathVariable String id) {
        return trials.stop(caller, id);
    }
}
