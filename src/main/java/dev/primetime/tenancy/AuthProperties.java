package dev.primetime.tenancy;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How bearer tokens are verified.
 *
 * @param jwtSecret SUPABASE_JWT_SECRET: the project's HS256 secret; empty in development means a generated one
 * @param supabaseUrl SUPABASE_URL: the project URL; RS256/ES256 tokens are checked against its JWKS
 * @param supabaseKey SUPABASE_KEY: sent as apikey when fetching the JWKS
 * @param audience the aud every token must carry
 */
@Validated
@ConfigurationProperties("primetime.auth")
public record AuthProperties(
        String jwtSecret,
        String supabaseUrl,
        String supabaseKey,
        @DefaultValue("authenticated") @NotBlank String audience) {
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
