/**
 * Schedule optimization: {@code POST /api/v1/scheduling/optimize} re-times a schedule's movable items with Timefold
 * Solver for the most weighted expected engagement under the creator's constraints, and reports a proven upper
 * bound so the gap is honest. The API records, the calendar's rows and the solver model (subpackage {@code solver})
 * are separate and mapped here, at the feature's edge.
 */
@ApplicationModule(allowedDependencies = {"calendar", "engagement", "platform", "recommendation", "tenancy", "web"})
package dev.primetime.optimization;

import org.springframework.modulith.ApplicationModule;
