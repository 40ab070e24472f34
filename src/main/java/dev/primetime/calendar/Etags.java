package dev.primetime.calendar;

import dev.primetime.web.ApiException;
import dev.primetime.web.ErrorCode;

/** Strong ETags from row versions, and the If-Match check that turns a stale write into 412. */
final class Etags {
    private Etags() {}

    static String of(int version) {
        return "\"" + version + "\"";
    }

    static void check(String ifMatch, int currentVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        String current = of(currentVersion);
        for (String candidate : ifMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || tag.equals(current)) {
                return;
            }
        }
        throw new ApiException(
                ErrorCode.PRECONDITION_FAILED,
                "If-Match " + ifMatch.strip() + " does not match the current ETag " + current + "; read it again");
    }
}
