package dev.primetime.tenancy;

import dev.primetime.database.DatabaseTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * One line at start-up saying where the data is and, in development, whose it is: the database (and how it was
 * chosen) and the development token's tenant. A second checkout on the same machine then sees at once that it has
 * a database of its own.
 */
@Component
class DevelopmentDataLog {
    private static final Logger log = LoggerFactory.getLogger(DevelopmentDataLog.class);
    private final DatabaseTarget target;
    private final DevelopmentToken developmentToken;

    DevelopmentDataLog(DatabaseTarget target, DevelopmentToken developmentToken) {
        this.target = target;
        this.developmentToken = developmentToken;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        log.info(line(
                target.url().describe(), target.how(), developmentToken.tenant().orElse(null)));
    }

    static String line(String database, String how, String developmentTenant) {
        return "Data: " + database + " (" + how + ")"
                + (developmentTenant == null ? "" : "; development tenant " + developmentTenant);
    }
}
