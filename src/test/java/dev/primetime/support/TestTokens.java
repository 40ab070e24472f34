package dev.primetime.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tokens as Supabase Auth issues them: HS256 with the project secret, RS256/ES256 with keys published by a
 * JWKS endpoint that this class serves at {@code /auth/v1/.well-known/jwks.json} on a local port.
 */
public final class TestTokens {
    public static final String SECRET = "test-secret-with-at-least-thirty-two-bytes-of-entropy";
    public static final String SUPABASE_KEY = "test-anon-key";
    private static final RSAKey RSA = generateRsa();
    private static final ECKey EC = generateEc();
    private static final List<String> apiKeysSeen = new CopyOnWriteArrayList<>();
    private static HttpServer jwksServer;

    private TestTokens() {}

    public static synchronized String supabaseUrl() {
        if (jwksServer == null) {
            try {
                jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] body = new JWKSet(List.of(RSA.toPublicJWK(), EC.toPublicJWK()))
                    .toString()
                    .getBytes(StandardCharsets.UTF_8);
            jwksServer.createContext("/auth/v1/.well-known/jwks.json", exchange -> {
                apiKeysSeen.add(String.valueOf(exchange.getRequestHeaders().getFirst("apikey")));
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            jwksServer.start();
        }
        return "http://127.0.0.1:" + jwksServer.getAddress().getPort();
    }

    public static List<String> apiKeysSeenByJwksServer() {
        return List.copyOf(apiKeysSeen);
    }

    /** A token for a tenant whose id is its subject. */
    public static String forTenant(String tenant, Clock clock) {
        return builder(clock).subject(tenant).hs256();
    }

    /**
     * An HS256 token over exactly this payload text, for claims a claims builder would not write (an unpaired
     * surrogate escape, say).
     */
    public static String hs256Payload(String payloadJson) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String signed = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signed + "." + b64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Builder builder(Clock clock) {
        return new Builder(clock);
    }

    public static final class Builder {
        private final JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();

        Builder(Clock clock) {
            var now = clock.instant();
            claims.subject("tenant-a")
                    .audience("authenticated")
                    .claim("role", "authenticated")
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
        }

        public Builder subject(String subject) {
            claims.subject(subject);
            return this;
        }

        public Builder role(String role) {
            claims.claim("role", role);
            return this;
        }

        /** A token without a {@code role} claim. */
        public Builder noRole() {
            claims.claim("role", null);
            return this;
        }

        /** Any claim, as it will be signed (a value the service must refuse, say). */
        public Builder claim(String name, Object value) {
            claims.claim(name, value);
            return this;
        }

        public Builder audience(String audience) {
            claims.audience(audience);
            return this;
        }

        public Builder appMetadataTenant(String tenant) {
            claims.claim("app_metadata", Map.of("tenant_id", tenant));
            return this;
        }

        public Builder expiresAt(java.time.Instant at) {
            claims.expirationTime(at == null ? null : Date.from(at));
            return this;
        }

        public String hs256() {
            return hs256(SECRET);
        }

        public String hs256(String secret) {
            try {
                return sign(JWSAlgorithm.HS256, new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), null);
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        public String rs256() {
            try {
                return sign(JWSAlgorithm.RS256, new RSASSASigner(RSA), RSA.getKeyID());
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Signed with an RSA key that the JWKS does not publish. */
        public String rs256WithUnknownKey() {
            try {
                RSAKey other = new RSAKeyGenerator(2048).keyID(RSA.getKeyID()).generate();
                return sign(JWSAlgorithm.RS256, new RSASSASigner(other), other.getKeyID());
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        public String es256() {
            try {
                return sign(JWSAlgorithm.ES256, new ECDSASigner(EC), EC.getKeyID());
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        /** An unsigned token ({@code alg: none}), which must never be accepted. */
        public String unsigned() {
            return new com.nimbusds.jwt.PlainJWT(claims.build()).serialize();
        }

        private String sign(JWSAlgorithm algorithm, JWSSigner signer, String keyId) throws JOSEException {
            SignedJWT jwt =
                    new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims.build());
            jwt.sign(signer);
            return jwt.serialize();
        }
    }

    private static RSAKey generateRsa() {
        try {
            return new RSAKeyGenerator(2048).keyID("rsa-test").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey generateEc() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID("ec-test").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
