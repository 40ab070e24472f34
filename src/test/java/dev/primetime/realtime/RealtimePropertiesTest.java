package dev.primetime.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RealtimePropertiesTest {
    private static RealtimeProperties withListenUrl(String url) {
        return new RealtimeProperties(null, null, 0, null, null, null, url);
    }

    @Test
    void aMalformedListenUrlRefusesStartupNamingIt() {
        assertThatThrownBy(() -> withListenUrl("mysql://db:3306/x")).hasMessageContaining("DATABASE_LISTEN_URL");
    }

    @Test
    void aBlankListenUrlMeansThePoolsDatabase() {
        assertThat(withListenUrl(" ").listenUrl()).isNull();
        assertThat(withListenUrl("postgresql://u:p@db.example.com:5432/postgres")
                        .listenUrl())
                .isEqualTo("postgresql://u:p@db.example.com:5432/postgres");
    }

    @Test
    void anEventRetentionShorterThanTheWorkersHourRefusesStartup() {
        assertThatThrownBy(
                        () -> new RealtimeProperties(null, null, 0, java.time.Duration.ofMinutes(59), null, null, null))
                .hasMessageContaining("EVENT_RETENTION");
        assertThat(new RealtimeProperties(null, null, 0, java.time.Duration.ofHours(1), null, null, null)
                        .eventRetention())
                .isEqualTo(java.time.Duration.ofHours(1));
    }
}
