/**
 * Stripe-style idempotent POSTs: the first response to a tenant's {@code Idempotency-Key} is kept for 24 hours
 * and replayed for the same request; a different request with the key, or one while the first is still running,
 * gets 409.
 */
@ApplicationModule(allowedDependencies = {"tenancy", "web"})
package dev.primetime.idempotency;

import org.springframework.modulith.ApplicationModule;
