package dev.primetime.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.primetime.database.DeploymentEnvironment;
import dev.primetime.web.ApiException;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DevelopmentTokenTest {
    private static DevelopmentToken generated(DeploymentEnvironment environment, AuthProperties auth) {
        DevelopmentToken token = new DevelopmentToken();
        TokenVerification.decoder(auth, environment, Clock.systemUTC(), token::set);
        return token;
    }

    @Test
    void developmentWithoutASecretOffersTheTokenItLoggedToThisMachine() {
        DevelopmentToken token =
                generated(DeploymentEnvironment.DEVELOPMENT, new AuthProperties(null, null, null, null));
        var controller = new DevelopmentTokenController(token, DeploymentEnvironment.DEVELOPMENT);

        var offer = controller.offer("127.0.0.1");

        assertThat(offer.token()).startsWith("eyJ").isEqualTo(token.get().orElseThrow());
        assertThat(offer.tenantId()).isEqualTo(token.tenant().orElseThrow()).matches("[0-9a-f-]{36}");
        assertThat(controller.offer("0:0:0:0:0:0:0:1").token()).isEqualTo(offer.token());
    }

    @Test
    void theTokenIsNeverOfferedToAnotherMachine() {
        DevelopmentToken token =
                generated(DeploymentEnvironment.DEVELOPMENT, new AuthProperties(null, null, null, null));
        var controller = new DevelopmentTokenController(token, DeploymentEnvironment.DEVELOPMENT);

        for (String remote : new String[] {"192.168.1.20", "10.0.0.5", "", null, "not-an-address"}) {
            assertThatThrownBy(() -> controller.offer(remote))
                    .isInstanceOf(ApiException.class)
                    .hasMessageContaining("ENVIRONMENT=development");
        }
    }

    @Test
    void withAConfiguredSecretNoTokenIsGeneratedOrOffered() {
        DevelopmentToken token = generated(
                DeploymentEnvironment.DEVELOPMENT,
                new AuthProperties("a-configured-secret-of-at-least-32-bytes!", null, null, null));
        var controller = new DevelopmentTokenController(token, DeploymentEnvironment.DEVELOPMENT);

        assertThat(token.get()).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> controller.offer("127.0.0.1")).isInstanceOf(ApiException.class);
    }

    @Test
    void outsideDevelopmentNothingIsOfferedEvenIfATokenExists() {
        DevelopmentToken token = new DevelopmentToken();
        token.set("eyJ-something");

        for (var environment :
                new DeploymentEnvironment[] {DeploymentEnvironment.TEST, DeploymentEnvironment.PRODUCTION}) {
            var controller = new DevelopmentTokenController(token, environment);
            assertThatThrownBy(() -> controller.offer("127.0.0.1")).isInstanceOf(ApiException.class);
        }
    }

    @Test
    void theDevelopmentTenantFollowsTheSecret() {
        String a = TokenVerification.developmentSubject("a-development-secret-of-at-least-32-bytes");
        assertThat(a).isEqualTo(TokenVerification.developmentSubject("a-development-secret-of-at-least-32-bytes"));
        assertThat(a).isNotEqualTo(TokenVerification.developmentSubject("another-secret-of-at-least-32-bytes!!"));
    }
}
