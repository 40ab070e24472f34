package dev.primetime.tenancy;

import dev.primetime.web.ErrorCode;
import dev.primetime.web.ErrorResponses;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The management endpoints: health (with its liveness and readiness probes) is public, for load balancers and
 * orchestrators; everything else there (metrics, Prometheus, info) needs the monitoring credentials, in every
 * environment, on the service's port or on a management port of its own ({@code MANAGEMENT_SERVER_PORT}). Metrics
 * name routes, pool sizes and rates: the service's insides, nothing for its public.
 */
@Configuration(proxyBeanMethods = false)
class ManagementSecurity {
    static final String REALM = "primetime-management";
    private static final String MONITORING = "ROLE_monitoring";

    @Bean
    @Order(1) // before the API's chain, which would take a Basic header for no token at all
    SecurityFilterChain management(HttpSecurity http, ManagementProperties credentials, ErrorResponses errors)
            throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
            errors.write(
                    request,
                    response,
                    ErrorCode.UNAUTHORIZED,
                    "the management endpoints other than health need the monitoring credentials (HTTP Basic)");
        };
        http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(a -> a.requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .anyRequest()
                        .hasAuthority(MONITORING))
                .httpBasic(b -> b.realmName(REALM).authenticationEntryPoint(unauthorized))
                .authenticationManager(new MonitoringCredentials(credentials))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized))
                .csrf(c -> c.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /** The one monitoring login, compared in constant time; none at all without a password. */
    static final class MonitoringCredentials implements AuthenticationManager {
        private final byte[] username;
        private final byte[] password;

        MonitoringCredentials(ManagementProperties credentials) {
            this.username = digest(credentials.username());
            this.password = credentials.password() == null ? null : digest(credentials.password());
        }

        @Override
        public org.springframework.security.core.Authentication authenticate(
                org.springframework.security.core.Authentication authentication) {
            String given = String.valueOf(authentication.getCredentials());
            boolean user = MessageDigest.isEqual(username, digest(authentication.getName()));
            boolean secret = password != null && MessageDigest.isEqual(password, digest(given));
            if (!(user && secret)) {
                throw new BadCredentialsException("wrong monitoring credentials");
            }
            return UsernamePasswordAuthenticationToken.authenticated(
                    authentication.getName(), null, List.of(new SimpleGrantedAuthority(MONITORING)));
        }

        private static byte[] digest(String s) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
