package dev.primetime.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeeklyCurveTest {
    private static int slotFromTheCalendar(Instant instant, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        return WeeklyCurve.slot(local.getDayOfWeek(), local.getHour());
    }

    @Test
    void anInstantsSlotIsItsLocalDayAndHourInEveryKindOfZone() {
        String[] zones = {
            "UTC",
            "America/New_York",
            "Europe/Berlin",
            "Asia/Kolkata",
            "Asia/Kathmandu",
            "Australia/Lord_Howe",
            "Pacific/Chatham",
            "America/St_Johns",
            "Pacific/Kiritimati",
            "Pacific/Pago_Pago"
        };
        SplittableRandom random = new SplittableRandom(7);
        for (String id : zones) {
            ZoneId zone = ZoneId.of(id);
            for (int i = 0; i < 20_000; i++) {
                // 1900 to 2100, before and after the epoch
                Instant at = Instant.ofEpochSecond(random.nextLong(-2_208_988_800L, 4_102_444_800L));
                assertThat(WeeklyCurve.slot(at, zone)).as("%s in %s", at, id).isEqualTo(slotFromTheCalendar(at, zone));
            }
        }
    }

    @Test
    void theHoursAroundADaylightSavingChangeKeepTheirLocalSlots() {
        ZoneId newYork = ZoneId.of("America/New_York");
        Instant start = Instant.parse("2026-03-08T05:00:00Z"); // 00:00 local, clocks go forward at 02:00
        for (int h = 0; h < 48; h++) {
            Instant at = start.plusSeconds(3600L * h);
            assertThat(WeeklyCurve.slot(at, newYork)).isEqualTo(slotFromTheCalendar(at, newYork));
        }
        assertThat(WeeklyCurve.slot(Instant.parse("2026-03-08T07:00:00Z"), newYork))
                .isEqualTo(WeeklyCurve.slot(java.time.DayOfWeek.SUNDAY, 3));
    }
}
