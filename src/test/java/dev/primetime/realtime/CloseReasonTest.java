package dev.primetime.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A close frame carries at most 123 bytes of reason; longer ones are cut, never mid-character. */
class CloseReasonTest {

    @Test
    void shortReasonsStayAsTheyAre() {
        assertThat(SocketHandshake.fit("schedule not found")).isEqualTo("schedule not found");
    }

    @Test
    void longReasonsAreCutToFitAFrame() {
        String cut = SocketHandshake.fit("invalid token: " + "x".repeat(300));
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(cut).startsWith("invalid token: xxx").endsWith("…");
    }

    @Test
    void multiByteCharactersAreNotCutInTwo() {
        String cut = SocketHandshake.fit("é".repeat(100));
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(cut).doesNotContain("\uFFFD").matches("é+…");
    }
}
