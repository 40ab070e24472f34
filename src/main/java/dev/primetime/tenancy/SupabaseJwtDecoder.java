package dev.primetime.tenancy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.List;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Verifies Supabase Auth tokens whatever key signs them: HS256 with the project's JWT secret, RS256/ES256
 * with the project's published keys. The algorithm in the header only picks the verifier; each verifier
 * accepts only its own algorithms, so a token cannot choose a weaker check ({@code alg: none} never passes).
 */
final class SupabaseJwtDecoder implements JwtDecoder {
    private static final List<JWSAlgorithm> ASYMMETRIC = List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private final JwtDecoder hmac;
    private final JwtDecoder jwks;

    SupabaseJwtDecoder(JwtDecoder hmac, JwtDecoder jwks) {
        this.hmac = hmac;
        this.jwks = jwks;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new BadJwtException("the token is not a JWT");
        }
        if (!(parsed instanceof SignedJWT signed)) {
            throw new BadJwtException("unsigned or encrypted tokens are not accepted");
        }
        JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
        if (JWSAlgorithm.HS256.equals(algorithm) && hmac != null) {
            return hmac.decode(token);
        }
        if (ASYMMETRIC.contains(algorithm) && jwks != null) {
            return jwks.decode(token);
        }
        throw new BadJwtException("tokens signed with " + algorithm + " are not accepted here");
    }
}
