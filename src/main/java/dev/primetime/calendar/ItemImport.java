package dev.primetime.calendar;

import dev.primetime.web.ApiException;
import dev.primetime.web.CsvRows;
import dev.primetime.web.ErrorCode;
import java.io.IOException;
import java.io.Reader;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an item import (CSV with a header, one item per row, through the CSV reader the engagement import uses) and
 * checks every row before anything is written, so one 422 names each bad row.
 */
final class ItemImport {
    static final int MAX_ROWS = 10_000;
    /** Bad rows named in one answer at most; the rest are counted. */
    static final int SHOWN_PROBLEMS = 1_000;

    static final List<String> COLUMNS = List.of(
            "content_id",
            "platform",
            "content_type",
            "scheduled_time",
            "placement",
            "priority",
            "metadata",
            "not_before",
            "not_after",
            "recurrence");
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private ItemImport() {}

    /** The items of every row, in row order, and how many rows there were. */
    record Read(int rows, List<ScheduleValidation.NewItem> items) {}

    static Read read(Reader csv, ZoneId zone, ScheduleValidation validation, JsonMapper json) {
        CsvRows rows;
        try {
            rows = CsvRows.of(csv);
            List<String> header = rows.columns();
            List<String> problems = new ArrayList<>();
            for (String column : header) {
                if (!COLUMNS.contains(column)) {
                    problems.add(
                            "header: unknown column '" + column + "'; the columns are " + String.join(",", COLUMNS));
                }
            }
            for (String required : List.of("content_id", "platform")) {
                if (!header.contains(required)) {
                    problems.add("header: needs a " + required + " column");
                }
            }
            if (!problems.isEmpty()) {
                throw new ApiException(ErrorCode.VALIDATION_ERROR, String.join("; ", problems));
            }
            List<ScheduleValidation.NewItem> items = new ArrayList<>();
            int count = 0;
            int bad = 0;
            CsvRows.Row row;
            while ((row = rows.next()) != null) {
                if (++count > MAX_ROWS) {
                    throw ApiException.validation("body", "an import holds at most " + MAX_ROWS + " rows");
                }
                if (row.problem() != null) {
                    bad = problem(problems, bad, "row " + row.number() + ": " + row.problem());
                    continue;
                }
                List<String> own = new ArrayList<>();
                ScheduleRequests.NewItem item = item(row.cells(), json, own);
                try {
                    items.addAll(validation.importedRow(item, row.number(), zone, own));
                } catch (ApiException e) {
                    bad = problem(problems, bad, e.getMessage());
                }
                if (items.size() > ScheduleValidation.MAX_EXPANDED_ITEMS) {
                    // recurring rows expand up to 500 items each: refuse as soon as the file passes the limit
                    throw ApiException.validation(
                            "body",
                            "expands to more than " + ScheduleValidation.MAX_EXPANDED_ITEMS
                                    + " items, the most a schedule holds");
                }
            }
            if (bad > 0) {
                String message = String.join("; ", problems);
                if (bad > problems.size()) {
                    message += "; and " + (bad - problems.size()) + " more bad rows";
                }
                throw new ApiException(ErrorCode.VALIDATION_ERROR, bad + " bad rows, nothing imported: " + message);
            }
            if (count == 0) {
                throw ApiException.validation("body", "has no rows under its header");
            }
            return new Read(count, items);
        } catch (IOException e) {
            throw CsvRows.unreadable(e);
        }
    }

    private static int problem(List<String> problems, int bad, String problem) {
        if (problems.size() < SHOWN_PROBLEMS) {
            problems.add(problem);
        }
        return bad + 1;
    }

    /** A row as the JSON item it stands for; cells that cannot be that (priority, metadata) add to {@code problems}. */
    private static ScheduleRequests.NewItem item(Map<String, String> cells, JsonMapper json, List<String> problems) {
        Integer priority = null;
        String rawPriority = cell(cells, "priority");
        if (rawPriority != null) {
            try {
                priority = Integer.valueOf(rawPriority);
            } catch (NumberFormatException e) {
                problems.add("priority: '" + abbreviate(rawPriority) + "' is not a whole number from 0 to 100");
            }
        }
        Map<String, Object> metadata = null;
        String rawMetadata = cell(cells, "metadata");
        if (rawMetadata != null) {
            try {
                metadata = json.readValue(rawMetadata, OBJECT);
            } catch (JacksonException e) {
                problems.add("metadata: is not a JSON object such as {\"campaign_id\": \"camp_456\"}");
            }
        }
        return new ScheduleRequests.NewItem(
                cell(cells, "content_id"),
                cell(cells, "platform"),
                cell(cells, "content_type"),
                cell(cells, "scheduled_time"),
                null,
                null,
                priority,
                null,
                metadata,
                cell(cells, "placement"),
                cell(cells, "not_before"),
                cell(cells, "not_after"),
                cell(cells, "recurrence"));
    }

    /** A cell's text, stripped; empty or absent: null. */
    private static String cell(Map<String, String> cells, String column) {
        String v = cells.get(column);
        if (v == null) {
            return null;
        }
        v = v.strip();
        return v.isEmpty() ? null : v;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
