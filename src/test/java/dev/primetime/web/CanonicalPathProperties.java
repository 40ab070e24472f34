package dev.primetime.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The canonical path: one spelling per path, whatever the client encoded; the ambiguous ones refused. */
class CanonicalPathProperties {
    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    /** A path as the router knows it: segments of unreserved characters and escapes of reserved ones. */
    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> plain = Arbitraries.strings()
                .withChars(UNRESERVED.toCharArray())
                .ofMinLength(1)
                .ofMaxLength(12)
                .filter(s -> !s.equals(".") && !s.equals(".."));
        Arbitrary<String> escaped = Arbitraries.of("%20", "%3A", "%40", "%C3%A9", "%2B", "%E2%82%AC");
        Arbitrary<String> segment = Arbitraries.oneOf(plain, plain, plain, escaped)
                .list()
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(parts -> String.join("", parts))
                .filter(s -> !s.equals(".") && !s.equals(".."));
        return segment.list().ofMinSize(1).ofMaxSize(6).map(segments -> "/" + String.join("/", segments));
    }

    /** {@code path} with some of its characters percent-encoded, in either hex case. */
    @Provide
    Arbitrary<String[]> respelled() {
        return paths().flatMap(path -> Combinators.combine(
                        Arbitraries.integers().between(0, 3).list().ofSize(path.length()), Arbitraries.just(path))
                .as((choices, p) -> new String[] {p, respell(p, choices)}));
    }

    private static String respell(String path, List<Integer> choices) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') { // an escape stays one, its hex in either case
                String hex = path.substring(i + 1, i + 3);
                out.append('%').append(choices.get(i) == 2 ? hex.toLowerCase(Locale.ROOT) : hex);
                i += 2;
            } else if (UNRESERVED.indexOf(c) >= 0 && choices.get(i) > 0) {
                String hex = String.format("%02X", (int) c);
                out.append('%').append(choices.get(i) == 1 ? hex : hex.toLowerCase(Locale.ROOT));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Property
    void everySpellingOfAPathHasThatPathAsItsCanonicalForm(@ForAll("respelled") String[] pathAndSpelling) {
        assertThat(CanonicalRequestFilter.canonicalPath(pathAndSpelling[1]))
                .isEqualTo(new CanonicalRequestFilter.Path.Canonical(pathAndSpelling[0]));
    }

    @Property
    void theCanonicalFormIsItsOwnCanonicalForm(@ForAll("respelled") String[] pathAndSpelling) {
        var once = CanonicalRequestFilter.canonicalPath(pathAndSpelling[1]);
        String canonical = ((CanonicalRequestFilter.Path.Canonical) once).path();
        assertThat(CanonicalRequestFilter.canonicalPath(canonical)).isEqualTo(once);
    }

    @Property
    void anEncodedPercentIsRefusedWherever(@ForAll("paths") String path, @ForAll("positions") int at) {
        int i = Math.min(at, path.length());
        String doubled = path.substring(0, i) + "%25" + path.substring(i);
        assertThat(CanonicalRequestFilter.canonicalPath(doubled))
                .isInstanceOf(CanonicalRequestFilter.Path.Refused.class);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(1, 80);
    }

    @Example
    void pathsTheRouterWouldReadDifferentlyAreRefused() {
        for (String path : List.of(
                "/api/v1/scheduling/./calendar",
                "/api/v1/scheduling/%2e%2E/calendar",
                "/api/v1/scheduling//calendar",
                "/api/v1/scheduling;x=1/calendar",
                "/api/v1/scheduling/calendar%2Fx",
                "/api/v1/scheduling/calendar%5C",
                "/api/v1/scheduling/calendar%00",
                "/api/v1/scheduling/calendar%G0",
                "/api/v1/scheduling/calendar%4",
                "relative")) {
            assertThat(CanonicalRequestFilter.canonicalPath(path))
                    .as(path)
                    .isInstanceOf(CanonicalRequestFilter.Path.Refused.class);
        }
        assertThat(CanonicalRequestFilter.canonicalPath("/api/v1/scheduling/calendar/"))
                .as("a trailing slash is a path of its own, which the router does not find")
                .isEqualTo(new CanonicalRequestFilter.Path.Canonical("/api/v1/scheduling/calendar/"));
    }

    @Example
    void aQueryStringMustDecodeToUtf8() {
        assertThat(CanonicalRequestFilter.query("platforms=youtube,tiktok&target_count=3"))
                .isEmpty();
        assertThat(CanonicalRequestFilter.query("timezone=Europe%2FParis&x=%C3%A9+b"))
                .isEmpty();
        for (String query : List.of(
                "platforms=%FF", "platforms=%C0%AF", "platforms=%ED%A0%80", "platforms=%G1", "platforms=%", "%FF=1")) {
            assertThat(CanonicalRequestFilter.query(query)).as(query).isPresent();
        }
        assertThat(CanonicalRequestFilter.query("platforms=%FF").orElseThrow().message())
                .isEqualTo("query parameter 'platforms' is not valid percent-encoded UTF-8");
    }
}
