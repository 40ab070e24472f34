package dev.primetime.realtime;

import java.util.UUID;

/**
 * Whether the LISTEN connection still hears what is notified: every {@code everyNanos} it notifies itself and must
 * hear that within {@code answerNanos}. A half-open connection delivers nothing and raises nothing, and one through a
 * transaction-mode pooler answers queries but loses notifications; a query would not find either out.
 */
final class ListenerCheck {
    // no tenant before the colon, so every listener's dispatch ignores it
    static final String PREFIX = ":check-";
    private final long everyNanos;
    private final long answerNanos;
    private long lastNanos;
    private String awaited;

    ListenerCheck(long everyNanos, long answerNanos, long nowNanos) {
        this.everyNanos = everyNanos;
        this.answerNanos = answerNanos;
        this.lastNanos = nowNanos;
    }

    /** The payload to notify now, or null when no check is due (or one is still awaited). */
    String due(long nowNanos) {
        if (awaited != null || nowNanos - lastNanos <= everyNanos) {
            return null;
        }
        awaited = PREFIX + UUID.randomUUID();
        lastNanos = nowNanos;
        return awaited;
    }

    /** Whether a notification was this check's own (then it is not an event). */
    boolean heard(String payload) {
        if (payload != null && payload.equals(awaited)) {
            awaited = null;
            return true;
        }
        return false;
    }

    /** Whether the awaited check is overdue: the connection does not hear its notifications. */
    boolean broken(long nowNanos) {
        return awaited != null && nowNanos - lastNanos > answerNanos;
    }
}
