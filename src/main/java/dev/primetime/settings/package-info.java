/**
 * A tenant's scheduling settings ({@code GET/PUT /api/v1/scheduling/settings}): its audience's time zone (one, and
 * optionally one per platform), in which its history is read and its recommendations are made, and the objective
 * the recommendations and the optimizer rank by. Other features read them through {@link
 * dev.primetime.settings.SchedulingSettings}.
 */
@ApplicationModule(allowedDependencies = {"engagement", "platform", "tenancy", "web"})
package dev.primetime.settings;

import org.springframework.modulith.ApplicationModule;
