package dev.primetime.tenancy;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How tokens are verified: {@code SUPABASE_JWT_SECRET} for HS256 tokens, {@code SUPABASE_URL} (with
 * {@code SUPABASE_KEY} sent as {@code apikey}) for the project's JWKS and its RS256/ES256 keys.
 */
@ConfigurationProperties("primetime.auth")
public record AuthProperties(String jwtSecret, String supabaseUrl, String supabaseKey, String audience) {
    public AuthProperties {
        jwtSecret = blankToNull(jwtSecret);
        supabaseUrl = blankToNull(supabaseUrl);
        supabaseKey = blankToNull(supabaseKey);
        audience = audience == null || audience.isBlank() ? "authenticated" : audience;
    }

    String jwksUri() {
        if (supabaseUrl == null) {
            return null;
        }
        String base = supabaseUrl.endsWith("/") ? supabaseUrl.substring(0, supabaseUrl.length() - 1) : supabaseUrl;
        return base + "/auth/v1/.well-known/jwks.json";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
