package dev.primetime.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.web.FieldErrors;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ScheduleTimeParsingTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void readsATimeWithAnOffsetAsWritten() {
        FieldErrors errors = new FieldErrors();
        assertThat(ScheduleValidation.time("2025-11-06T14:00:00-05:00", "t", NEW_YORK, errors))
                .isEqualTo(Instant.parse("2025-11-06T19:00:00Z"));
        assertThat(errors.isEmpty()).isTrue();
    }

    @Test
    void readsATimeWithoutAnOffsetInTheSchedulesZoneAcrossDaylightSaving() {
        FieldErrors errors = new FieldErrors();
        // EDT (-4) before 2 November 2025, EST (-5) after
        assertThat(ScheduleValidation.time("2025-11-01T14:00:00", "t", NEW_YORK, errors))
                .isEqualTo(Instant.parse("2025-11-01T18:00:00Z"));
        assertThat(ScheduleValidation.time("2025-11-03T14:00:00", "t", NEW_YORK, errors))
                .isEqualTo(Instant.parse("2025-11-03T19:00:00Z"));
    }

    @Test
    void rejectsATimeOutsideTheYearsTheDatabaseHolds() {
        for (String raw : new String[] {"+300000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z", "1969-12-31T23:00:00Z"}) {
            FieldErrors errors = new FieldErrors();
            assertThat(ScheduleValidation.time(raw, "t", NEW_YORK, errors))
                    .as(raw)
                    .isNull();
            assertThat(errors.isEmpty()).as(raw).isFalse();
        }
        FieldErrors errors = new FieldErrors();
        assertThat(ScheduleValidation.time("9998-12-31T00:00:00Z", "t", NEW_YORK, errors))
                .isEqualTo(Instant.parse("9998-12-31T00:00:00Z"));
        assertThat(errors.isEmpty()).isTrue();
    }

    @Test
    void readsAZoneIdSuffix() {
        FieldErrors errors = new FieldErrors();
        assertThat(ScheduleValidation.time("2025-11-06T14:00:00+01:00[Europe/Paris]", "t", NEW_YORK, errors))
                .isEqualTo(Instant.parse("2025-11-06T13:00:00Z"));
    }

    @Test
    void namesTheFieldOfATimeThatIsNotIso() {
        FieldErrors errors = new FieldErrors();
        assertThat(ScheduleValidation.time("06/11/2025 2pm", "items[2].scheduled_time", NEW_YORK, errors))
                .isNull();
        assertThat(errors.isEmpty()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(errors::throwIfAny)
                .hasMessageStartingWith("items[2].scheduled_time: '06/11/2025 2pm' is not an ISO-8601 date-time");
    }

    @Test
    void acceptsOnlyIanaZones() {
        FieldErrors errors = new FieldErrors();
        assertThat(ScheduleValidation.zone("Asia/Kolkata", "timezone", errors)).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(ScheduleValidation.zone("GMT+5", "timezone", errors)).isNull();
        assertThat(ScheduleValidation.zone("EST5EDT2", "timezone", errors)).isNull();
    }
}
