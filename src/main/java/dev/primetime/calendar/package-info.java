/**
 * Calendars: schedules and their items, with the lifecycles the server enforces, idempotent creation, keyset
 * paging, optimistic concurrency (ETag / If-Match) and an event row for every change, written in the same
 * transaction, for real-time delivery.
 */
@ApplicationModule(allowedDependencies = {"platform", "tenancy", "web"})
package dev.primetime.calendar;

import org.springframework.modulith.ApplicationModule;
