package dev.primetime.web;

import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/** The audience time zones the API accepts: IANA names such as America/New_York, not offsets or abbreviations. */
public final class TimeZones {
    private static final Set<String> IANA = ZoneId.getAvailableZoneIds();

    private TimeZones() {}

    public static Optional<ZoneId> iana(String name) {
        return name != null && IANA.contains(name) ? Optional.of(ZoneId.of(name)) : Optional.empty();
    }

    /** The zone, or null with a problem recorded for {@code field}. */
    public static ZoneId iana(String name, String field, FieldErrors errors) {
        Optional<ZoneId> zone = iana(name);
        if (zone.isEmpty()) {
            errors.add(field, "'" + name + "' is not an IANA time zone such as America/New_York");
        }
        return zone.orElse(null);
    }
}
