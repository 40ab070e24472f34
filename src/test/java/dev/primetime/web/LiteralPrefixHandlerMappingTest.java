package dev.primetime.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;

class LiteralPrefixHandlerMappingTest {
    private static final List<String> PATTERNS = List.of(
            "/api/v1/scheduling/calendar",
            "/api/v1/scheduling/calendar/{id}",
            "/api/v1/scheduling/calendar/{id}/items/{itemId}",
            "/api/v1/scheduling/platforms/*",
            "/api/v1/scheduling/files/{name}.csv",
            "/docs/**",
            "/assets/{*rest}",
            "/",
            "/error",
            "/api/v1/scheduling/trailing/");

    private static final List<String> PATHS = List.of(
            "/api/v1/scheduling/calendar",
            "/api/v1/scheduling/calendar/",
            "/api/v1/scheduling/calendar/0b0e6f5e-7a44-4d7a-9a51-5d8a7e1f2c3d",
            "/api/v1/scheduling/calendar/x/items/y",
            "/api/v1/scheduling/calendar/a%20b",
            "/api/v1/scheduling/platforms/youtube",
            "/api/v1/scheduling/files/export.csv",
            "/api/v1/scheduling/trailing/",
            "/api/v1/scheduling/trailing",
            "/docs",
            "/docs/index.html",
            "/assets",
            "/assets/a/b.js",
            "/",
            "/error",
            "/api/v1/Scheduling/calendar",
            "/api/v1/scheduling/recommendations");

    @Test
    void noMappingIsSetAsideForAPathItsOwnPatternMatches() {
        PathPatternParser parser = new PathPatternParser();
        int setAside = 0;
        for (String pattern : PATTERNS) {
            var prefixes = List.of(LiteralPrefixHandlerMapping.literalPrefix(pattern));
            for (String path : PATHS) {
                var container = PathContainer.parsePath(path);
                boolean mayMatch =
                        LiteralPrefixHandlerMapping.mayMatch(prefixes, LiteralPrefixHandlerMapping.segments(container));
                if (parser.parse(pattern).matches(container)) {
                    assertThat(mayMatch).as(pattern + " matches " + path).isTrue();
                }
                setAside += mayMatch ? 0 : 1;
            }
        }
        // and it does set most of the others aside, which is what it is for
        assertThat(setAside).isGreaterThan(PATTERNS.size() * PATHS.size() / 2);
    }

    @Test
    void thePrefixEndsAtTheFirstSegmentThatIsNotPlainText() {
        assertThat(LiteralPrefixHandlerMapping.literalPrefix("/api/v1/scheduling/calendar/{id}/items"))
                .containsExactly("api", "v1", "scheduling", "calendar");
        assertThat(LiteralPrefixHandlerMapping.literalPrefix("/docs/**")).containsExactly("docs");
        assertThat(LiteralPrefixHandlerMapping.literalPrefix("/files/{name}.csv"))
                .containsExactly("files");
        assertThat(LiteralPrefixHandlerMapping.literalPrefix("/a/b/")).containsExactly("a", "b");
        assertThat(LiteralPrefixHandlerMapping.literalPrefix("/")).isEmpty();
        assertThat(LiteralPrefixHandlerMapping.literalPrefix("")).isEmpty();
    }

    @Test
    void aRequestSegmentIsComparedDecodedAsPatternsCompareIt() {
        var segments = LiteralPrefixHandlerMapping.segments(PathContainer.parsePath("/a%20b/c"));
        assertThat(segments).containsExactly("a b", "c");
        assertThat(LiteralPrefixHandlerMapping.mayMatch(List.of(List.of("a b")), segments))
                .isTrue();
    }
}
