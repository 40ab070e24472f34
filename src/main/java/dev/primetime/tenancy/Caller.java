package dev.primetime.tenancy;

/**
 * The authenticated caller of a request.
 *
 * @param tenantId whose rows the caller sees: the token's {@code app_metadata.tenant_id}, else its {@code sub}
 * @param subject the token's {@code sub}
 * @param role the token's {@code role} ({@code authenticated}, {@code service_role}, …)
 * @param claimsJson the token's claims as JSON, set as {@code request.jwt.claims} for the policies
 */
public record Caller(String tenantId, String subject, String role, String claimsJson) {}
