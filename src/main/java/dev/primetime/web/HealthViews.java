package dev.primetime.web;

import java.time.Instant;

/**
 * What the health endpoint answers (the module convention: {@code <Subject>Requests} in, {@code <Subject>Views}
 * out). The error shape every endpoint shares is {@link ErrorBody}, public for all modules.
 */
final class HealthViews {
    private HealthViews() {}

    record Health(String status, String database, String environment, Instant time) {}
}
