package dev.primetime.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.primetime.support.IntegrationTest;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

// its own context (other settings): closed after the class so that its pool does not stay open for the rest of the run
@TestPropertySource(properties = "primetime.database.connection-timeout-ms=500")
@DirtiesContext
class BusyPoolIntegrationTest extends IntegrationTest {
    @Autowired
    DataSource dataSource;

    @Test
    void aRequestFindingEveryConnectionBusyIs503BusyNotDatabaseDown() throws Exception {
        HikariDataSource pool = (HikariDataSource) dataSource;
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
                held.add(pool.getConnection());
            }

            var response = api("busy-pool").get("/api/v1/scheduling/calendar");

            assertThat(response.status()).as(response.body()).isEqualTo(503);
            assertThat(response.json().path("error_code").asString()).isEqualTo("service_unavailable");
            assertThat(response.json().path("error_message").asString()).contains("busy");
            assertThat(response.header("Retry-After")).isEqualTo("1");
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        assertThat(api("busy-pool").get("/api/v1/scheduling/calendar").status()).isEqualTo(200);
    }
}
