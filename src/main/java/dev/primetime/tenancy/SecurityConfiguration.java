package dev.primetime.tenancy;

import dev.primetime.database.DeploymentEnvironment;
import dev.primetime.web.ErrorCode;
import dev.primetime.web.ErrorResponses;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Bearer tokens from Supabase Auth on every protected endpoint; health, platforms, public recommendations,
 * docs and the WebSocket handshake (which checks its own token) are open.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration implements WebMvcConfigurer {
    static final String API = "/api/v1/scheduling";

    @Bean
    JwtDecoder jwtDecoder(
            AuthProperties auth, DeploymentEnvironment environment, Clock clock, DevelopmentToken developmentToken) {
        return TokenVerification.decoder(auth, environment, clock, developmentToken::set);
    }

    /**
     * No observation per security filter: with one, each of the chain's filters is wrapped and timed, which cost
     * more than the rest of a request's security; requests are still timed as a whole (http.server.requests).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ErrorResponses errors) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            String message = request.getHeader("Authorization") == null
                    ? "a bearer token is required (Authorization: Bearer <jwt>)"
                    : "invalid bearer token: " + e.getMessage();
            errors.write(request, response, ErrorCode.UNAUTHORIZED, message);
        };
        AccessDeniedHandler forbidden = (request, response, e) -> errors.write(
                request,
                response,
                ErrorCode.FORBIDDEN,
                "this token's role may not use this endpoint (send no token for a public endpoint's public answer)");
        http.headers(h -> h.referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                request -> !DOCUMENTATION_PAGES.matches(request),
                                new StaticHeadersWriter("Content-Security-Policy", CONTENT_SECURITY_POLICY))))
                .csrf(c -> c.disable())
                .cors(c -> {})
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .anonymous(a -> {})
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.requestMatchers(HttpMethod.OPTIONS, "/**")
                        .permitAll()
                        .requestMatchers(
                                HttpMethod.GET,
                                API + "/health",
                                API + "/platforms",
                                API + "/platforms/*",
                                API + "/recommendations",
                                API + "/recommendations/curve",
                                DevelopmentTokenController.PATH)
                        .access(NO_TOKEN_OR_AN_API_ROLE)
                        .requestMatchers(API + "/ws")
                        .access(NO_TOKEN_OR_AN_API_ROLE)
                        .requestMatchers("/api/**")
                        .hasAnyAuthority(
                                Callers.API_ROLES.stream().map(r -> "ROLE_" + r).toArray(String[]::new))
                        .anyRequest()
                        .permitAll())
                .oauth2ResourceServer(o -> o.bearerTokenResolver(new BearerTokens())
                        .jwt(j -> j.jwtAuthenticationConverter(new RoleConverter()))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
        return http.build();
    }

    /**
     * The page at / and everything else the service serves: scripts and styles only from the service's own files
     * (no inline script or style, no eval), nothing framed, nothing sent elsewhere. The page sets its few computed
     * styles through the CSSOM, which this allows. Swagger UI and ReDoc bring their own inline styles and are left
     * without it.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    private static final RequestMatcher DOCUMENTATION_PAGES = request -> {
        String path = request.getRequestURI();
        return path.startsWith("/swagger-ui/") || path.equals("/redoc");
    };

    /**
     * A public endpoint answers a caller without a token, and a caller whose token may use the API; a token that
     * verifies but whose role may not (anon, none) is refused exactly as on every other endpoint (403), rather than
     * acting as its tenant or being quietly read as no token at all.
     */
    static final AuthorizationManager<RequestAuthorizationContext> NO_TOKEN_OR_AN_API_ROLE =
            (authentication, context) -> new AuthorizationDecision(
                    !(authentication.get() instanceof JwtAuthenticationToken token) || Callers.mayUseTheApi(token));

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
    }

    /** Supabase puts the database role in {@code role}; it becomes the one authority. */
    static final class RoleConverter implements Converter<Jwt, AbstractAuthenticationToken> {
        @Override
        public AbstractAuthenticationToken convert(Jwt jwt) {
            String role = jwt.getClaimAsString("role");
            var authorities = role == null
                    ? List.<SimpleGrantedAuthority>of()
                    : List.of(new SimpleGrantedAuthority("ROLE_" + role));
            return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
        }
    }
}
