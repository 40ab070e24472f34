package dev.primetime.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of an uploaded CSV file, one at a time, so a file of any length is read in bounded memory (RFC 4180:
 * quoted fields may hold the separator, doubled quotes and line breaks; the separator is whichever of comma,
 * semicolon or tab the header line uses most, since European spreadsheets write semicolons; a byte order mark is
 * skipped). Rows are numbered as a spreadsheet shows them: the header is row 1. Shared by the imports of engagement
 * exports and of calendar items.
 */
public final class CsvRows {
    /**
     * An upload that could not be read, in the API's terms: past the body limit is 413; anything else (a line longer
     * than the reader keeps, a client gone mid-upload) is a malformed request, never a server error.
     */
    public static ApiException unreadable(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException) {
                return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "request body is larger than the limit");
            }
        }
        return new ApiException(ErrorCode.MALFORMED_REQUEST, "the upload could not be read: " + e.getMessage());
    }

    public static final int MAX_FIELD_CHARS = 100_000;
    public static final int MAX_FIELDS = 1_000;

    /** One row: its number and its cells by column name (as written in the header), or why it cannot be read. */
    public record Row(long number, Map<String, String> cells, String problem) {}

    public static CsvRows of(Reader reader) throws IOException {
        return new CsvRows(new BufferedReader(reader, 64 * 1024));
    }

    private final BufferedReader in;
    private final List<String> header;
    private final char separator;
    private long number = 1;
    private boolean done;

    private CsvRows(BufferedReader in) throws IOException {
        this.in = in;
        in.mark(1);
        int first = in.read();
        if (first != '\uFEFF' && first != -1) {
            in.reset(); // no byte order mark
        }
        in.mark(MAX_FIELD_CHARS);
        String line = in.readLine();
        in.reset();
        this.separator = line == null ? ',' : separatorOf(line);
        List<String> cells = line == null ? null : record();
        this.header =
                cells == null ? List.of() : cells.stream().map(String::strip).toList();
        this.done = cells == null;
    }

    private static char separatorOf(String line) {
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }
        if (semicolons > commas && semicolons >= tabs) {
            return ';';
        }
        return tabs > commas ? '\t' : ',';
    }

    /** The header's column names, stripped. */
    public List<String> columns() {
        return header;
    }

    /** The next row, or null at the end. */
    public Row next() throws IOException {
        while (!done) {
            long at = number + 1;
            List<String> cells;
            try {
                cells = record();
            } catch (TooLong e) {
                number = at;
                return new Row(at, Map.of(), e.getMessage());
            }
            if (cells == null) {
                done = true;
                return null;
            }
            number = at;
            if (cells.size() == 1 && cells.getFirst().isBlank()) {
                continue; // an empty line, as spreadsheets leave at the end
            }
            if (cells.size() > header.size()) {
                return new Row(
                        at,
                        Map.of(),
                        "has " + cells.size() + " fields but the header has " + header.size()
                                + " (is a separator inside an unquoted field?)");
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < cells.size(); i++) {
                row.put(header.get(i), cells.get(i));
            }
            return new Row(at, row, null);
        }
        return null;
    }

    private static final class TooLong extends IOException {
        TooLong(String message) {
            super(message);
        }
    }

    /** The fields of the next record, or null at the end of the input. */
    private List<String> record() throws IOException {
        int c = in.read();
        if (c == -1) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean problem = false;
        String why = null;
        while (true) {
            if (c == -1) {
                fields.add(field.toString());
                break;
            }
            char ch = (char) c;
            if (quoted) {
                if (ch == '"') {
                    in.mark(1);
                    int n = in.read();
                    if (n == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (n != -1) {
                            in.reset();
                        }
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"' && field.isEmpty()) {
                quoted = true;
            } else if (ch == separator) {
                fields.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') {
                        in.reset();
                    }
                }
                fields.add(field.toString());
                break;
            } else {
                field.append(ch);
            }
            if (field.length() > MAX_FIELD_CHARS && !problem) {
                problem = true;
                why = "has a field longer than " + MAX_FIELD_CHARS + " characters (an unclosed quote?)";
                field.setLength(0);
            }
            if (fields.size() > MAX_FIELDS && !problem) {
                problem = true;
                why = "has more than " + MAX_FIELDS + " fields";
                fields.clear();
            }
            c = in.read();
        }
        if (problem) {
            throw new TooLong(why);
        }
        return fields;
    }
}
