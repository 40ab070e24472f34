package dev.primetime.tenancy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.primetime.database.DeploymentEnvironment;
import dev.primetime.database.StartupRefusedException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

/** Builds the token decoder from the configuration, refusing to start where tokens could not be checked. */
final class TokenVerification {
    private static final Logger log = LoggerFactory.getLogger(TokenVerification.class);
    static final String DEVELOPMENT_SECRET_FILE = ".primetime/jwt-secret";

    /** The generated development token, for scripts and the docs' examples ({@code TOKEN=$(cat .primetime/dev-token)}). */
    static final String DEVELOPMENT_TOKEN_FILE = ".primetime/dev-token";

    /** Verified tokens remembered (about 2 KiB each): more than the clients one instance serves at once. */
    static final int REMEMBERED_TOKENS = 4096;

    private TokenVerification() {}

    static JwtDecoder decoder(AuthProperties auth, DeploymentEnvironment environment, Clock clock) {
        return decoder(auth, environment, clock, token -> {});
    }

    /** @param developmentTokens told the development token when one is generated (for the web page's offer) */
    static JwtDecoder decoder(
            AuthProperties auth, DeploymentEnvironment environment, Clock clock, Consumer<String> developmentTokens) {
        String secret = auth.jwtSecret();
        if (secret == null && auth.supabaseUrl() == null) {
            if (environment == DeploymentEnvironment.PRODUCTION) {
                throw new StartupRefusedException(
                        "ENVIRONMENT=production but neither SUPABASE_JWT_SECRET nor SUPABASE_URL is set, so tokens"
                                + " cannot be verified",
                        "Set SUPABASE_JWT_SECRET (HS256 projects) or SUPABASE_URL and SUPABASE_KEY (JWKS).");
            }
            secret = developmentSecret();
            String token = developmentToken(secret, auth.audience(), clock);
            boolean kept = keep(java.nio.file.Path.of(DEVELOPMENT_TOKEN_FILE), token + "\n");
            log.warn(
                    "SUPABASE_JWT_SECRET is unset: using the development secret kept in {}. Development token (valid"
                            + " 30 days, tenant {}{}):\n\n{}\n",
                    DEVELOPMENT_SECRET_FILE,
                    developmentSubject(secret),
                    kept ? ", also in " + DEVELOPMENT_TOKEN_FILE : "",
                    token);
            developmentTokens.accept(token);
        }
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new StartupRefusedException(
                    "SUPABASE_JWT_SECRET is shorter than 32 bytes, too short for HS256",
                    "Use the project's JWT secret from Supabase (Settings → API), or a random string of 32+ bytes.");
        }
        OAuth2TokenValidator<Jwt> validator = validator(auth.audience(), clock);
        NimbusJwtDecoder hmac = null;
        if (secret != null) {
            hmac = NimbusJwtDecoder.withSecretKey(
                            new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256)
                    .build();
            hmac.setJwtValidator(validator);
        }
        NimbusJwtDecoder jwks = null;
        if (auth.jwksUri() != null) {
            RestTemplate http = new RestTemplate();
            if (auth.supabaseKey() != null) {
                http.getInterceptors().add((request, body, execution) -> {
                    request.getHeaders().set("apikey", auth.supabaseKey());
                    return execution.execute(request, body);
                });
            }
            jwks = NimbusJwtDecoder.withJwkSetUri(auth.jwksUri())
                    .jwsAlgorithms(algorithms -> {
                        algorithms.clear();
                        algorithms.add(SignatureAlgorithm.RS256);
                        algorithms.add(SignatureAlgorithm.ES256);
                    })
                    .restOperations(http)
                    .build();
            jwks.setJwtValidator(validator);
        }
        return new RememberedTokens(new SupabaseJwtDecoder(hmac, jwks), validator, REMEMBERED_TOKENS);
    }

    static OAuth2TokenValidator<Jwt> validator(String audience, Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(30));
        timestamps.setClock(clock);
        return new DelegatingOAuth2TokenValidator<>(
                timestamps,
                new JwtClaimValidator<>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience)),
                TokenVerification::tenant);
    }

    /**
     * The token must name a tenant, and the tenant (and the subject, which is set for the policies too) must be an
     * id the service can key rows, buckets and logs by: {@link TenantIds}.
     */
    private static OAuth2TokenValidatorResult tenant(Jwt token) {
        String tenant = Callers.tenantOf(token);
        if (tenant == null) {
            return invalid("the token names no tenant (app_metadata.tenant_id or sub)");
        }
        var problem = TenantIds.problem(tenant);
        if (problem.isPresent()) {
            return invalid("the token's tenant (app_metadata.tenant_id, else sub) " + problem.get());
        }
        String subject = token.getSubject();
        if (subject != null && !subject.isEmpty() && TenantIds.problem(subject).isPresent()) {
            return invalid("the token's sub " + TenantIds.problem(subject).get());
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult invalid(String message) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", message, null));
    }

    /**
     * The generated development secret, kept (owner-readable only) so that development tokens survive restarts
     * along with the development data; a new one is made when the file is missing or unreadable.
     */
    private static String developmentSecret() {
        java.nio.file.Path file = java.nio.file.Path.of(DEVELOPMENT_SECRET_FILE);
        try {
            if (java.nio.file.Files.isReadable(file)) {
                String kept = java.nio.file.Files.readString(file).strip();
                if (kept.length() >= 32) {
                    return kept;
                }
            }
            byte[] bytes = new byte[48];
            new SecureRandom().nextBytes(bytes);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            writeOwnerOnly(file, secret);
            return secret;
        } catch (java.io.IOException e) {
            log.warn("could not keep the development secret in {}: {}", file, e.getMessage());
            byte[] bytes = new byte[48];
            new SecureRandom().nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    }

    /** Writes a file only its owner can read; false (and a warning) when it cannot be written. */
    private static boolean keep(java.nio.file.Path file, String content) {
        try {
            writeOwnerOnly(file, content);
            return true;
        } catch (java.io.IOException e) {
            log.warn("could not write {}: {}", file, e.getMessage());
            return false;
        }
    }

    private static void writeOwnerOnly(java.nio.file.Path file, String content) throws java.io.IOException {
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        java.nio.file.Files.writeString(file, content);
        try {
            java.nio.file.Files.setPosixFilePermissions(
                    file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the file stays with the folder's permissions
        }
    }

    /**
     * The development tenant: derived from the development secret, so it is the same across restarts (the secret is
     * kept) and differs between checkouts (each keeps its own), even on one shared database.
     */
    static String developmentSubject(String secret) {
        return java.util
                .UUID
                .nameUUIDFromBytes(("primetime development tenant:" + secret).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    static String developmentToken(String secret, String audience, Clock clock) {
        var now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(developmentSubject(secret))
                .audience(audience)
                .claim("role", "authenticated")
                .claim("email", "developer@localhost")
                .claim("app_metadata", Map.of("provider", "primetime-development"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofDays(30))))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign the development token", e);
        }
    }
}
