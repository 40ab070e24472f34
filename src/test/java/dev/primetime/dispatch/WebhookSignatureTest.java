package dev.primetime.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private static final byte[] FOX = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsWithHmacSha256OfTheBody() {
        // the RFC 4231-style reference value for key "key"
        assertThat(WebhookSignature.sign("key", FOX))
                .isEqualTo("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void verificationRejectsAnotherSecretOrAChangedBody() {
        String header = WebhookSignature.sign("key", FOX);
        assertThat(WebhookSignature.verify("key", FOX, header)).isTrue();
        assertThat(WebhookSignature.verify("other", FOX, header)).isFalse();
        assertThat(WebhookSignature.verify("key", "changed".getBytes(StandardCharsets.UTF_8), header))
                .isFalse();
        assertThat(WebhookSignature.verify("key", FOX, null)).isFalse();
    }

    @Test
    void backoffDoublesFromTheInitialWaitUpToTheCap() {
        var p = new WebhookProperties("http://x", "s", 10, Duration.ofSeconds(5), Duration.ofSeconds(60), null, null);
        assertThat(p.backoffAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.backoffAfter(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.backoffAfter(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(p.backoffAfter(4)).isEqualTo(Duration.ofSeconds(40));
        assertThat(p.backoffAfter(5)).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.backoffAfter(50)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aWebhookUrlWithoutASecretOrThatIsNotAUrlIsRefused() {
        assertThatThrownBy(() -> new WebhookProperties("https://hooks.example.com/due", " ", 0, null, null, null, null))
                .hasMessageContaining("WEBHOOK_SECRET");
        assertThatThrownBy(() -> new WebhookProperties("not a url", "s", 0, null, null, null, null))
                .hasMessageContaining("WEBHOOK_URL");
        assertThatThrownBy(() -> new WebhookProperties("ftp://hooks.example.com", "s", 0, null, null, null, null))
                .hasMessageContaining("http(s)");
        assertThat(new WebhookProperties("https://hooks.example.com/due", "s", 0, null, null, null, null).enabled())
                .isTrue();
    }

    @Test
    void noUrlMeansNoWebhook() {
        assertThat(new WebhookProperties(" ", null, 0, null, null, null, null).enabled())
                .isFalse();
    }
}
