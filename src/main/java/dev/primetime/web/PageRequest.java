package dev.primetime.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A validated page request: {@code limit} 10–200 (default 50) and an opaque cursor. The cursor holds the sort
 * key of the last row of the previous page, so pages stay stable while rows are added (keyset paging).
 */
public record PageRequest(int limit, List<String> after) {
    public static final int MIN_LIMIT = 10;
    public static final int MAX_LIMIT = 200;
    public static final int DEFAULT_LIMIT = 50;
    private static final String SEPARATOR = "\u001f";

    public static PageRequest of(Integer limit, String cursor) {
        int l = limit == null ? DEFAULT_LIMIT : limit;
        if (l < MIN_LIMIT || l > MAX_LIMIT) {
            throw ApiException.validation("limit", "must be between " + MIN_LIMIT + " and " + MAX_LIMIT);
        }
        return new PageRequest(l, cursor == null || cursor.isBlank() ? List.of() : decode(cursor));
    }

    /** The {@code index}-th part of the cursor's sort key as an instant ({@code null} for "infinity"). */
    public java.time.Instant afterInstant(int index) {
        String part = part(index);
        if (part.equals("infinity")) {
            return null;
        }
        try {
            java.time.Instant instant = java.time.Instant.parse(part);
            if (!DateTimeRange.comparable(instant)) {
                throw badCursor(); // not one this API issued
            }
            return instant;
        } catch (java.time.format.DateTimeParseException e) {
            throw badCursor();
        }
    }

    /** The position after which a newest-first page continues: the last row's creation time and id. */
    public record Position(java.time.Instant createdAt, java.util.UUID id) {}

    /** The cursor of a newest-first list, ordered by (created_at, id) descending. */
    public Position afterNewest() {
        java.time.Instant createdAt = afterInstant(0);
        if (createdAt == null) {
            throw badCursor();
        }
        return new Position(createdAt, afterUuid(1));
    }

    public java.util.UUID afterUuid(int index) {
        try {
            return java.util.UUID.fromString(part(index));
        } catch (IllegalArgumentException e) {
            throw badCursor();
        }
    }

    private String part(int index) {
        if (index >= after.size()) {
            throw badCursor();
        }
        return after.get(index);
    }

    private static ApiException badCursor() {
        return ApiException.validation("cursor", "is not a cursor this API returned");
    }

    public boolean first() {
        return after.isEmpty();
    }

    /** The cursor that continues after a row with this sort key. */
    public static String cursor(String... sortKey) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(String.join(SEPARATOR, sortKey).getBytes(StandardCharsets.UTF_8));
    }

    /** Cuts one extra fetched row off and makes the next cursor from the last row kept. */
    public <T> Page<T> page(List<T> fetched, java.util.function.Function<T, String> cursorOf) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> kept = fetched.subList(0, limit);
        return new Page<>(List.copyOf(kept), cursorOf.apply(kept.getLast()));
    }

    private static List<String> decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            return List.of(raw.split(SEPARATOR, -1));
        } catch (IllegalArgumentException e) {
            throw badCursor();
        }
    }
}
