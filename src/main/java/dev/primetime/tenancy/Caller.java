package dev.primetime.tenancy;

/**
 * The authenticated caller of a request.
 *
 * @param tenantId whose rows the caller sees: the token's {@code app_metadata.tenant_id}, else its {@code sub}
 * @param subject the token's {@code sub}
 * @param role the token's {@code role} ({@code authenticated}, {@code service_role}, …)
 * @param claimsJson the token's claims as JSON, set as {@code request.jwt.claims} for the policies
 */
public record Caller(String tenantId, String subject, String role, String claimsJson) {

    /**
     * A caller acting for a tenant in work that no request carries (model rebuilds, dispatch): the same claims a
     * token of that tenant would give, so row level security applies exactly as for the tenant's own requests.
     */
    public static Caller forTenant(String tenantId) {
        String quoted = quote(tenantId);
        return new Caller(
                tenantId,
                tenantId,
                "authenticated",
                "{\"sub\":" + quoted + ",\"role\":\"authenticated\",\"app_metadata\":{\"tenant_id\":" + quoted + "}}");
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
