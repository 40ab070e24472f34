package dev.primetime.optimization;

import dev.primetime.tenancy.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/scheduling")
@Tag(name = "optimization", description = "Whole-schedule optimization")
class OptimizationController {
    private final OptimizationService optimization;

    OptimizationController(OptimizationService optimization) {
        this.optimization = optimization;
    }

    @PostMapping("/optimize")
    @Operation(
            summary = "Re-time a schedule's movable items for the most expected engagement under the constraints;"
                    + " 422 names the constraints that cannot all hold, 409 while another run is in progress")
    OptimizeResponse optimize(Caller caller, @RequestBody OptimizeRequest request) {
        return optimization.optimize(caller, request);
    }
}
