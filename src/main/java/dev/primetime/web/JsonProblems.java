package dev.primetime.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * What is wrong with a request body, in the client's terms: where in the JSON and what JSON does not allow there.
 * Jackson's own messages name its feature flags and Java types ({@code JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS},
 * {@code ScheduleRequests$CreateSchedule}), which mean nothing to a client and describe the service's insides.
 */
final class JsonProblems {
    private static final Pattern UNEXPECTED = Pattern.compile("Unexpected character \\('(.)' \\(code (\\d+)\\)\\)");
    private static final Pattern TOKEN = Pattern.compile("Unrecognized token '([^']{0,40})");

    private JsonProblems() {}

    /** A body that is not JSON at all (a syntax error): where, and what. */
    static String malformed(JacksonException e) {
        return "malformed JSON" + at(e) + ": " + syntax(original(e));
    }

    /** A body over the parser's limits (length of a number, a string, nesting depth). */
    static String overLimits(StreamConstraintsException e) {
        String m = original(e);
        String what;
        if (m.startsWith("Number value length")) {
            what = "a number has too many digits";
        } else if (m.startsWith("String value length")) {
            what = "a string is too long";
        } else if (m.startsWith("Name length")) {
            what = "a field name is too long";
        } else if (m.startsWith("Document nesting depth")) {
            what = "arrays and objects are nested too deeply";
        } else {
            what = "the body is too large to read";
        }
        return "request body exceeds JSON limits" + at(e) + ": " + what;
    }

    /** A body that is JSON but not the shape the endpoint reads (an array for an object, more after the value). */
    static String wrongShape(JacksonException e) {
        String m = original(e);
        if (m.startsWith("Trailing token")) {
            return "request body has more after its JSON value" + at(e) + "; send exactly one JSON object";
        }
        return "request body has the wrong shape" + at(e) + ": it must be a JSON object";
    }

    static String syntax(String m) {
        Matcher unexpected = UNEXPECTED.matcher(m);
        if (m.startsWith("Non-standard token")) {
            return "NaN and Infinity are not numbers in JSON";
        }
        if (m.startsWith("Unexpected end-of-input")) {
            return "the body ends before its JSON value does";
        }
        if (m.contains("Leading zeroes")) {
            return "a number must not start with 0";
        }
        if (m.startsWith("Illegal unquoted character")) {
            return "a control character (such as a tab or newline) inside a string must be escaped";
        }
        if (m.startsWith("Unrecognized character escape")) {
            return "a string has an escape (\\) that JSON does not define";
        }
        if (m.contains("Invalid UTF-8") || m.contains("Invalid UTF8")) {
            return "the body is not UTF-8 text";
        }
        if (m.contains("out of range of")) {
            return "a number is too large for its field";
        }
        Matcher token = TOKEN.matcher(m);
        if (token.find()) {
            return "unexpected '" + token.group(1)
                    + "' (strings need double quotes; the only bare words are true, false and null)";
        }
        if (unexpected.find()) {
            int code = Integer.parseInt(unexpected.group(2));
            String shown =
                    code >= 0x20 && code < 0x7f ? "'" + unexpected.group(1) + "'" : String.format("U+%04X", code);
            if (m.contains("double-quote to start")) {
                return "unexpected " + shown + " where a field name in double quotes belongs";
            }
            return "unexpected " + shown;
        }
        return "this is not valid JSON";
    }

    private static String at(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String original(JacksonException e) {
        String m = e.getOriginalMessage();
        return m == null ? "" : m;
    }
}
