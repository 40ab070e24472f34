package dev.primetime.calendar;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EtagsTest {
    @Test
    void matchingOrWildcardOrAbsentIfMatchPasses() {
        assertThatCode(() -> Etags.check("\"3\"", 3)).doesNotThrowAnyException();
        assertThatCode(() -> Etags.check("\"1\", \"3\"", 3)).doesNotThrowAnyException();
        assertThatCode(() -> Etags.check("*", 3)).doesNotThrowAnyException();
        assertThatCode(() -> Etags.check(null, 3)).doesNotThrowAnyException();
    }

    @Test
    void aStaleIfMatchFailsThePrecondition() {
        assertThatThrownBy(() -> Etags.check("\"2\"", 3)).hasMessageContaining("does not match the current ETag \"3\"");
    }
}
