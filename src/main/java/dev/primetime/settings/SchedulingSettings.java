package dev.primetime.settings;

import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Reads and replaces a tenant's settings (one row, row level security scoping it to the tenant). Every
 * recommendation with a token needs them, so a tenant's are kept for {@link #FRESH_NANOS} after a read: a change
 * made through this instance is seen at once, one made through another within that time.
 */
@Component
public class SchedulingSettings {
    static final long FRESH_NANOS = 5_000_000_000L;
    private final TenantTransactions transactions;
    private final TenantSettingsStore store;
    // monotonic time (System.nanoTime), as a cache's age is no time of day
    private final java.util.concurrent.ConcurrentHashMap<String, Read> recent =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record Read(TenantSettings settings, long at) {}

    SchedulingSettings(TenantTransactions transactions, TenantSettingsStore store) {
        this.transactions = transactions;
        this.store = store;
    }

    /** The caller's settings, {@link TenantSettings#NONE} when it never set any. */
    public TenantSettings of(Caller caller) {
        long now = System.nanoTime();
        Read read = recent.get(caller.tenantId());
        if (read != null && now - read.at() < FRESH_NANOS) {
            return read.settings();
        }
        TenantSettings settings = store.load(caller);
        if (recent.size() > 100_000) {
            recent.clear(); // bounded: many tenants' entries are dropped at once, read again when asked
        }
        recent.put(caller.tenantId(), new Read(settings, now));
        return settings;
    }

    TenantSettings replace(Caller caller, TenantSettings settings, Instant now) {
        recent.remove(caller.tenantId());
        TenantSettings stored = store(caller, settings, now);
        recent.remove(caller.tenantId()); // a read between the two saw the old row
        return stored;
    }

    private TenantSettings store(Caller caller, TenantSettings settings, Instant now) {
        return transactions.write(caller, jdbc -> store.upsert(jdbc, settings, now));
    }
}
