package dev.primetime.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.primetime.database.DeploymentEnvironment;
import dev.primetime.database.StartupRefusedException;
import java.time.Clock;
import org.junit.jupiter.api.Test;

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
}
