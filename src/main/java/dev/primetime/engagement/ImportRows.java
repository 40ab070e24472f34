package dev.primetime.engagement;

import dev.primetime.web.CsvRows;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rows of an uploaded export, one at a time, so a file of any length is read in bounded memory: CSV (RFC 4180:
 * quoted fields may hold the separator, doubled quotes and line breaks; the separator is whichever of comma,
 * semicolon or tab the header line uses most, since European spreadsheets write semicolons) or JSON lines (one
 * object per line). Rows are numbered as a spreadsheet shows them: the CSV header is row 1, a JSON line is its line
 * number.
 */
abstract sealed class ImportRows permits ImportRows.Csv, ImportRows.JsonLines {
    static final int MAX_FIELD_CHARS = CsvRows.MAX_FIELD_CHARS;
    static final int MAX_FIELDS = CsvRows.MAX_FIELDS;

    /** One row: its number and its cells by column name (as written in the file), or why it cannot be read. */
    record Row(long number, Map<String, String> cells, String problem) {}

    /** The next row, or null at the end. */
    abstract Row next() throws IOException;

    /** The columns the file has (CSV: its header; JSON lines: the keys seen so far). */
    abstract List<String> columns();

    static ImportRows csv(Reader reader) throws IOException {
        return new Csv(CsvRows.of(reader));
    }

    static ImportRows jsonLines(Reader reader, JsonMapper json) {
        return new JsonLines(new BufferedReader(reader, 64 * 1024), json);
    }

    /** CSV, read by the reader the item import shares ({@link CsvRows}). */
    static final class Csv extends ImportRows {
        private final CsvRows rows;

        Csv(CsvRows rows) {
            this.rows = rows;
        }

        @Override
        List<String> columns() {
            return rows.columns();
        }

        @Override
        Row next() throws IOException {
            CsvRows.Row row = rows.next();
            return row == null ? null : new Row(row.number(), row.cells(), row.problem());
        }
    }

    static final class JsonLines extends ImportRows {
        private final BufferedReader in;
        private final JsonMapper json;
        private final java.util.LinkedHashSet<String> seen = new java.util.LinkedHashSet<>();
        private long number;

        JsonLines(BufferedReader in, JsonMapper json) {
            this.in = in;
            this.json = json;
        }

        @Override
        List<String> columns() {
            return List.copyOf(seen);
        }

        @Override
        Row next() throws IOException {
            String line;
            while ((line = in.readLine()) != null) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                if (line.length() > MAX_FIELD_CHARS * 10) {
                    return new Row(number, Map.of(), "is longer than " + MAX_FIELD_CHARS * 10 + " characters");
                }
                JsonNode node;
                try {
                    node = json.readTree(line);
                } catch (JacksonException e) {
                    return new Row(number, Map.of(), "is not a JSON object");
                }
                if (node == null || !node.isObject()) {
                    return new Row(number, Map.of(), "is not a JSON object");
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (var entry : node.properties()) {
                    JsonNode v = entry.getValue();
                    if (v.isNull()) {
                        continue;
                    }
                    if (v.isContainer()) {
                        return new Row(
                                number,
                                Map.of(),
                                entry.getKey().toLowerCase(Locale.ROOT) + ": must be a string or a number");
                    }
                    row.put(entry.getKey(), v.asString());
                    if (seen.size() < MAX_FIELDS) {
                        seen.add(entry.getKey());
                    }
                }
                return new Row(number, row, null);
            }
            return null;
        }
    }
}
