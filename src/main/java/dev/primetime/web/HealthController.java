package dev.primetime.web;

import dev.primetime.web.HealthViews.Health;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The seed's health check: 200 while the database answers, 503 while it does not. */
@RestController
@Tag(name = "utility")
class HealthController {
    private static final Logger log = LoggerFactory.getLogger(HealthController.class);
    private final JdbcClient jdbc;
    private final Clock clock;
    private final String environment;

    HealthController(DataSource dataSource, Clock clock, ServiceProperties properties) {
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
        this.environment = properties.environment();
    }

    @GetMapping("/api/v1/scheduling/health")
    @Operation(summary = "Service and database status")
    @ApiResponse(responseCode = "200", description = "The service and its database are up")
    @ApiResponse(responseCode = "503", description = "The database does not answer")
    Health health() {
        try {
            jdbc.sql("SELECT 1").query(Integer.class).single();
        } catch (RuntimeException e) {
            log.warn("health check: database unavailable: {}", e.getMessage());
            throw new ApiException(
                    ErrorCode.SERVICE_UNAVAILABLE, "the database is unavailable", Map.of("Retry-After", "5"));
        }
        return new Health("ok", "up", environment, clock.instant());
    }
}
