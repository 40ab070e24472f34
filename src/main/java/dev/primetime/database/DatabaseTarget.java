package dev.primetime.database;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where the data is; owns the embedded server when there is one, so it stops after the pool. {@code how} says in a
 * few words how it was chosen, for the one start-up line ({@code tenancy.DevelopmentDataLog}).
 */
public record DatabaseTarget(DatabaseUrl url, Closeable embedded, String how) implements Closeable {
    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
