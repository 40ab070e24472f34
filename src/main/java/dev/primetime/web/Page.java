package dev.primetime.web;

import java.util.List;

/** Every list answers {@code {"data": [...], "next_cursor": "…" | null}}. */
public record Page<T>(List<T> data, String nextCursor) {}
