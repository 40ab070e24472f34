/**
 * Per-tenant request rate limits (the seed's 10 requests/s with a burst of 20), per client address for callers
 * without a token, with the standard RateLimit headers and 429 + Retry-After. Bucket4j token buckets.
 */
@ApplicationModule(allowedDependencies = {"tenancy", "web"})
package dev.primetime.ratelimit;

import org.springframework.modulith.ApplicationModule;
