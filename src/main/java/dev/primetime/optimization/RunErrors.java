package dev.primetime.optimization;

import dev.primetime.calendar.ScheduleNotOptimizable;
import dev.primetime.web.ApiException;
import dev.primetime.web.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How runs fail, in the API's terms: the errors a synchronous caller gets and a run resource records. The calendar's
 * refusals become HTTP answers here, at this module's edge.
 */
final class RunErrors {
    private RunErrors() {}

    /** The calendar's refusal as the API answers it: 404 for a schedule that is not there, 409 otherwise. */
    static ApiException refused(ScheduleNotOptimizable refusal) {
        return switch (refusal.reason()) {
            case NOT_FOUND -> ApiException.notFound("schedule");
            case NOT_NOW -> ApiException.conflict(refusal.getMessage());
        };
    }

    static ApiException runNotFound() {
        return ApiException.notFound("optimization run");
    }

    static ApiException unavailable() {
        return new ApiException(
                ErrorCode.SERVICE_UNAVAILABLE, "the service stopped during the run; no item was moved, optimize again");
    }

    static ApiException canceledDuringRun() {
        return ApiException.conflict("the schedule was canceled during the run; no item was moved");
    }

    static ApiException internal() {
        return new ApiException(ErrorCode.INTERNAL_ERROR, "the solver failed; no item was moved");
    }

    /**
     * The search ended without a plan that keeps every rule. Nothing proved that none exists (the proofs are checked
     * before the run: {@link ScheduleProblem#conflicts}), so this is not the 422 of constraints that cannot hold:
     * it names what the best plan found still breaks and advises a longer run.
     */
    static ApiException notFoundInTime(RunSettings settings, List<String> stillBroken) {
        return new ApiException(
                ErrorCode.NO_FEASIBLE_PLAN_FOUND,
                "no plan keeping every constraint was found within time_limit_ms "
                        + settings.timeLimit().toMillis()
                        + " (this is not a proof that none exists; nothing was moved); the best plan found still"
                        + " breaks: " + String.join("; ", stillBroken.subList(0, Math.min(10, stillBroken.size())))
                        + (stillBroken.size() > 10 ? "; and " + (stillBroken.size() - 10) + " more" : "")
                        + ". Raise time_limit_ms (up to 60000) and optimize again");
    }

    static ApiException infeasible(List<String> reasons) {
        return new ApiException(
                ErrorCode.VALIDATION_ERROR,
                "constraints: cannot all hold; " + String.join("; ", reasons.subList(0, Math.min(10, reasons.size())))
                        + (reasons.size() > 10 ? "; and " + (reasons.size() - 10) + " more" : ""));
    }

    /** The error as a run resource stores it: the error body without the request id. */
    static Map<String, String> errorJson(ApiException error) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error_code", error.code().code());
        body.put("error_message", error.getMessage());
        body.put("error_class", error.code().errorClass());
        return body;
    }
}
