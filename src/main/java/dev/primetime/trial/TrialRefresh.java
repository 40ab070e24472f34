package dev.primetime.trial;

import dev.primetime.engagement.EngagementRecorded;
import dev.primetime.tenancy.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** New KPI events of a tenant may decide its running trials: evaluate them as that tenant. */
@Component
class TrialRefresh {
    private static final Logger log = LoggerFactory.getLogger(TrialRefresh.class);
    private final TrialService trials;

    TrialRefresh(TrialService trials) {
        this.trials = trials;
    }

    @EventListener
    void onEngagementRecorded(EngagementRecorded event) {
        try {
            trials.refreshRunning(Caller.forTenant(event.tenantId()));
        } catch (RuntimeException e) {
            // The events are stored already; the next read of a trial evaluates it again.
            log.warn("could not re-evaluate the trials of a tenant after new KPI events", e);
        }
    }
}
