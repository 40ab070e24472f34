package dev.primetime.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.primetime.database.DeploymentEnvironment;
import dev.primetime.support.MutableClock;
import dev.primetime.support.TestTokens;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

class RememberedTokensTest {
    private final MutableClock clock = new MutableClock(MutableClock.START);

    private JwtDecoder decoder() {
        return TokenVerification.decoder(
                new AuthProperties(TestTokens.SECRET, null, null, null), DeploymentEnvironment.DEVELOPMENT, clock);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() {
        JwtDecoder decoder = decoder();
        String token = TestTokens.builder(clock)
                .expiresAt(MutableClock.START.plus(Duration.ofMinutes(5)))
                .hs256();
        assertThat(decoder.decode(token).getSubject()).isEqualTo("tenant-a");
        clock.advance(Duration.ofMinutes(10)); // past expiry and the 30 s leeway
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
        clock.set(MutableClock.START);
        assertThat(decoder.decode(token).getSubject()).isEqualTo("tenant-a");
    }

    @Test
    void aTokenWithAChangedSignatureIsVerifiedAfreshAndRefused() {
        JwtDecoder decoder = decoder();
        String token = TestTokens.forTenant("tenant-a", clock);
        decoder.decode(token);
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
        assertThatThrownBy(() -> decoder.decode(tampered)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(TestTokens.forTenant("tenant-a", clock) + "x"))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void aTokenIsVerifiedOnceWhileRemembered() {
        AtomicInteger verifications = new AtomicInteger();
        JwtDecoder verifier = decoder();
        JwtDecoder counting = token -> {
            verifications.incrementAndGet();
            return verifier.decode(token);
        };
        var remembered = new RememberedTokens(counting, TokenVerification.validator("authenticated", clock), 2);
        String a = TestTokens.forTenant("tenant-a", clock);
        String b = TestTokens.forTenant("tenant-b", clock);
        String c = TestTokens.forTenant("tenant-c", clock);
        remembered.decode(a);
        remembered.decode(a);
        assertThat(verifications).hasValue(1);
        remembered.decode(b);
        remembered.decode(c); // capacity 2: the least recently used (a) is forgotten
        remembered.decode(a);
        assertThat(verifications).hasValue(4);
    }

    @Test
    void aFailedVerificationIsNotRemembered() {
        AtomicInteger verifications = new AtomicInteger();
        JwtDecoder verifier = decoder();
        JwtDecoder counting = token -> {
            verifications.incrementAndGet();
            return verifier.decode(token);
        };
        var remembered = new RememberedTokens(counting, TokenVerification.validator("authenticated", clock), 8);
        String wrongKey = TestTokens.builder(clock).hs256("another-secret-with-at-least-thirty-two-bytes!!");
        assertThatThrownBy(() -> remembered.decode(wrongKey)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> remembered.decode(wrongKey)).isInstanceOf(JwtException.class);
        assertThat(verifications).hasValue(2);
    }
}
