package dev.primetime.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up refusals that are not about tokens: one clear line each. */
class StartupRefusalTest {
    @Test
    void anUnknownEnvironmentIsRefused() {
        assertThatThrownBy(() -> DeploymentEnvironment.parse("staging")).hasMessageContaining("staging");
    }

    @Test
    void anUnreachableDatabaseIsOneClearLine() {
        var e = DatabaseLocator.unreachable(
                DatabaseUrl.parse("postgresql://u:secret@127.0.0.1:1/d"),
                new java.sql.SQLException("Connection refused\nmore"));
        FailureAnalysis analysis = new StartupRefusedFailureAnalyzer().analyze(e);
        assertThat(analysis.getDescription())
                .isEqualTo("cannot use the database postgresql://127.0.0.1:1/d as u: Connection refused");
        assertThat(analysis.getAction()).contains("DATABASE_URL");
    }
}
