package dev.primetime.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

class BearerTokensTest {
    private final DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();
    private final BearerTokens ours = new BearerTokens();

    @Property(tries = 3000)
    void readsEveryAuthorizationHeaderAsSpringSecuritysDefaultResolverDoes(@ForAll("headers") String header) {
        assertThat(outcome(ours, header)).as(header).isEqualTo(outcome(spring, header));
    }

    @Example
    void aWellFormedTokenIsReadAndAMalformedOneRefused() {
        assertThat(outcome(ours, "Bearer abc.DEF-_~+/9==")).isEqualTo("token abc.DEF-_~+/9==");
        assertThat(outcome(ours, "bEaReR abc")).isEqualTo("token abc");
        assertThat(outcome(ours, "Bearer abc def")).startsWith("refused");
        assertThat(outcome(ours, "Bearer ")).startsWith("refused");
        assertThat(outcome(ours, "Bearer abc\n")).startsWith("refused");
        assertThat(outcome(ours, "Basic abc")).isEqualTo("token null");
        assertThat(outcome(ours, null)).isEqualTo("token null");
    }

    private static String outcome(
            org.springframework.security.oauth2.server.resource.web.BearerTokenResolver resolver, String header) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/scheduling/calendar");
        if (header != null) {
            request.addHeader("Authorization", header);
        }
        try {
            return "token " + Objects.toString(resolver.resolve(request));
        } catch (OAuth2AuthenticationException e) {
            return "refused " + e.getError().getErrorCode() + " " + e.getError().getDescription();
        }
    }

    @Provide
    Arbitrary<String> headers() {
        Arbitrary<String> prefix = Arbitraries.of(
                "Bearer ",
                "bearer ",
                "BEARER ",
                "Bearer",
                "Bearer  ",
                "Bearer\t",
                "bearerx ",
                "Basic ",
                "",
                " Bearer ",
                "BeArEr ",
                "Bearer=");
        Arbitrary<String> body = Arbitraries.strings()
                .withChars("abcXYZ019-._~+/=")
                .withChars(" \t\n\r;:,!%&*ſKı")
                .ofMinLength(0)
                .ofMaxLength(30);
        return net.jqwik.api.Combinators.combine(prefix, body).as((p, b) -> p + b);
    }
}
