/**
 * Real-time updates: the WebSocket at {@code /api/v1/scheduling/ws} delivers a tenant's logged changes as they
 * commit, on every instance (PostgreSQL LISTEN/NOTIFY tells each instance which tenant has new events; it reads
 * them itself), with resume from {@code last_event_id}, pings, and a bounded queue per connection.
 */
@ApplicationModule(allowedDependencies = {"background", "calendar", "database", "tenancy"})
package dev.primetime.realtime;

import org.springframework.modulith.ApplicationModule;
