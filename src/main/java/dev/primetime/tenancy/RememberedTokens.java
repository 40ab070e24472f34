package dev.primetime.tenancy;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.util.ConcurrentLruCache;

/**
 * Remembers the tokens whose signature was verified, so a client's next request with the same token skips parsing
 * and signature checking (a tenth of a GET's CPU). The key is the whole token, signature included, so a changed
 * token is a new one; only verified tokens are kept, and every use still runs the claim checks (expiry above all)
 * against the clock. A token signed by a key that Supabase has since removed from its key set stays accepted while
 * remembered, at most until it expires, as a token verified a moment before the rotation would.
 */
final class RememberedTokens implements JwtDecoder {
    private final ConcurrentLruCache<String, Jwt> verified;
    private final OAuth2TokenValidator<Jwt> claims;

    RememberedTokens(JwtDecoder verifier, OAuth2TokenValidator<Jwt> claims, int capacity) {
        this.verified = new ConcurrentLruCache<>(capacity, verifier::decode);
        this.claims = claims;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = verified.get(token); // a token that fails verification throws and is not remembered
        OAuth2TokenValidatorResult result = claims.validate(jwt);
        if (result.hasErrors()) {
            verified.remove(token);
            throw new JwtValidationException(
                    result.getErrors().iterator().next().getDescription(), result.getErrors());
        }
        return jwt;
    }
}
