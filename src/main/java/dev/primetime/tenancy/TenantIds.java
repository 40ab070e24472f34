package dev.primetime.tenancy;

import java.text.Normalizer;
import java.util.Optional;

/**
 * What a tenant id (and a token's subject) may be, checked where the token is verified. The id keys every row,
 * every rate-limit bucket and every log line of its tenant and is handed to PostgreSQL as a setting: a NUL there
 * failed the request with a 500, a 3,000-character id overflowed a btree index row (a misleading 503), and two
 * spellings of one name in Unicode (composed and decomposed é) would be two tenants. Such a token is refused with
 * one 401 that says what an id must be.
 */
final class TenantIds {
    static final int MAX_LENGTH = 128;

    static final String RULE = "must be 1 to " + MAX_LENGTH + " characters in Unicode NFC, without control, format,"
            + " space, private-use, unassigned or unpaired surrogate characters";

    private TenantIds() {}

    /** Why {@code id} cannot name a tenant (or a subject), or empty when it can. */
    static Optional<String> problem(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.of(RULE);
        }
        int length = 0;
        for (int i = 0; i < id.length(); ) {
            int c = id.codePointAt(i);
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                return Optional.of(RULE); // a high surrogate without its low half, or a low one alone
            }
            int type = Character.getType(c);
            if (type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.PRIVATE_USE
                    || type == Character.UNASSIGNED
                    || type == Character.SPACE_SEPARATOR
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                return Optional.of(RULE);
            }
            length++;
            i += Character.charCount(c);
        }
        if (length > MAX_LENGTH || !Normalizer.isNormalized(id, Normalizer.Form.NFC)) {
            return Optional.of(RULE);
        }
        return Optional.empty();
    }
}
