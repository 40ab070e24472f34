package dev.primetime.optimization;

import java.time.Duration;
import java.util.Locale;

/**
 * Whether {@code POST /optimize} answers 202 with a run resource or holds the request until the run ends.
 * {@code "async"} in the body decides when present; otherwise {@code Prefer: respond-async} (RFC 7240) asks for 202,
 * and a time limit longer than the caller's patience ({@code Prefer: wait=seconds}, else the configured patience)
 * gets 202 too.
 *
 * @param preferenceApplied the answer is 202 because {@code Prefer: respond-async} asked (echoed in
 *     {@code Preference-Applied})
 */
record AsyncChoice(boolean async, boolean preferenceApplied) {
    static AsyncChoice of(Boolean requested, String prefer, Duration timeLimit, Duration patience) {
        boolean respondAsync = false;
        Duration wait = patience;
        if (prefer != null) {
            for (String token : prefer.split(",")) {
                String preference = token.split(";")[0].trim().toLowerCase(Locale.ROOT);
                if (preference.equals("respond-async")) {
                    respondAsync = true;
                } else if (preference.startsWith("wait=")) {
                    try {
                        long seconds = Long.parseLong(preference.substring(5).trim());
                        if (seconds >= 0 && Duration.ofSeconds(seconds).compareTo(wait) < 0) {
                            wait = Duration.ofSeconds(seconds);
                        }
                    } catch (NumberFormatException e) {
                        // a preference the server does not understand is ignored (RFC 7240, section 2)
                    }
                }
            }
        }
        if (requested != null) {
            return new AsyncChoice(requested, requested && respondAsync);
        }
        if (respondAsync) {
            return new AsyncChoice(true, true);
        }
        return new AsyncChoice(timeLimit.compareTo(wait) > 0, false);
    }
}
