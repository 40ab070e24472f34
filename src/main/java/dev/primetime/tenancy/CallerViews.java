package dev.primetime.tenancy;

/**
 * What the session endpoints answer: who the caller is, and the development token (the module convention:
 * {@code <Subject>Requests} in, {@code <Subject>Views} out; these endpoints read no body).
 */
final class CallerViews {
    private CallerViews() {}

    record CallerView(String tenantId, String subject, String role) {}

    record DevelopmentTokenView(String token, String tenantId) {}
}
