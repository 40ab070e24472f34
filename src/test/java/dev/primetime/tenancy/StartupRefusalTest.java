package dev.primetime.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

class StartupRefusalTest {
    @Test
    void productionWithoutAWayToVerifyTokensRefusesToStart() {
        assertThatThrownBy(() -> TokenVerification.decoder(
                        new AuthProperties(null, null, null, null),
                        DeploymentEnvironment.PRODUCTION,
                        Clock.systemUTC()))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("production")
                .hasMessageContaining("SUPABASE_JWT_SECRET");
    }

    @Test
    void developmentWithoutASecretGeneratesOne() {
        assertThat(TokenVerification.decoder(
                        new AuthProperties(null, null, null, null),
                        DeploymentEnvironment.DEVELOPMENT,
                        Clock.systemUTC()))
                .isNotNull();
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> TokenVerification.decoder(
                        new AuthProperties("short", null, null, null),
                        DeploymentEnvironment.PRODUCTION,
                        Clock.systemUTC()))
                .hasMessageContaining("shorter than 32 bytes");
    }

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
