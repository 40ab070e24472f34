package dev.primetime.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListenerCheckTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aConnectionThatDoesNotHearItsOwnNotificationIsBroken() {
        ListenerCheck check = new ListenerCheck(10 * SECOND, 5 * SECOND, 0);
        assertThat(check.due(9 * SECOND)).isNull();

        String sent = check.due(11 * SECOND);

        assertThat(sent).startsWith(ListenerCheck.PREFIX);
        assertThat(check.due(12 * SECOND)).as("one check at a time").isNull();
        assertThat(check.broken(15 * SECOND)).isFalse();
        assertThat(check.heard("acme:42")).as("an event is not the check").isFalse();
        assertThat(check.broken(17 * SECOND)).isTrue();
    }

    @Test
    void aConnectionThatHearsItsCheckStaysAndChecksAgainLater() {
        ListenerCheck check = new ListenerCheck(10 * SECOND, 5 * SECOND, 0);
        String sent = check.due(11 * SECOND);

        assertThat(check.heard(sent)).isTrue();

        assertThat(check.broken(30 * SECOND)).isFalse();
        assertThat(check.due(20 * SECOND)).isNull();
        assertThat(check.due(22 * SECOND)).isNotNull().isNotEqualTo(sent);
    }
}
