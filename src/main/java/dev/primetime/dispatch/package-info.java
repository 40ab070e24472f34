/**
 * Dispatch of due items: while a schedule runs, each item whose time has come gets {@code item.due} exactly once
 * across all instances, and, when {@code WEBHOOK_URL} is set, a signed POST to the publishing system, retried with
 * exponential backoff until it is accepted or the item is marked failed.
 */
@ApplicationModule(allowedDependencies = {"background", "calendar", "tenancy"})
package dev.primetime.dispatch;

import org.springframework.modulith.ApplicationModule;
