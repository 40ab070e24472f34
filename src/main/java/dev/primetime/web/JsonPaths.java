package dev.primetime.web;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/** Names the JSON field a binding error is about, the way clients wrote it ({@code items[3].scheduled_time}). */
final class JsonPaths {
    private JsonPaths() {}

    static String of(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    static String problem(JacksonException e) {
        if (e instanceof InvalidFormatException f) {
            String value = String.valueOf(f.getValue());
            if (value.length() > 60) {
                value = value.substring(0, 60) + "…";
            }
            return "invalid value '" + value + "'" + expected(f.getTargetType());
        }
        if (e instanceof MismatchedInputException m) {
            return "wrong type" + expected(m.getTargetType());
        }
        if (e.getCause() instanceof IllegalArgumentException invalid && invalid.getMessage() != null) {
            return invalid.getMessage(); // the service's own words (an unknown platform, say)
        }
        return "invalid value";
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "";
        }
        if (type.isEnum()) {
            return ", expected one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT);
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return ", expected a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return ", expected true or false";
        }
        if (type == String.class) {
            return ", expected a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return ", expected an array";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return ", expected an ISO-8601 date-time";
        }
        return ", expected an object";
    }

    /** {@code scheduledTime} → {@code scheduled_time}; keeps indexes and dots. */
    static String snake(String javaPath) {
        StringBuilder out = new StringBuilder(javaPath.length() + 8);
        for (char c : javaPath.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
