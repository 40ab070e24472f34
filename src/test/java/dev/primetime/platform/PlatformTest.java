package dev.primetime.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformTest {
    @Test
    void aPlatformIsItsIdAndEqualsAnotherWithTheSameId() {
        assertThat(Platform.of("threads")).isEqualTo(new Platform("threads"));
        assertThat(Platform.of("threads").toString()).isEqualTo("threads");
        assertThat(Platform.of("bluesky")).isLessThan(Platform.of("threads"));
    }

    @Test
    void refusesWhatTheCatalogWouldNotStoreAsAnId() {
        for (String bad : new String[] {null, "", "YouTube", " youtube", "twitter/x", "9gag", "a".repeat(33)}) {
            assertThatThrownBy(() -> Platform.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static ContentTypeProfile type(String id, List<String> keywords, Integer maxSeconds) {
        double[] flat = new double[WeeklyCurve.SLOTS];
        java.util.Arrays.fill(flat, 1);
        return new ContentTypeProfile(
                Platform.of("p"), id, id, List.of(), 1, 2, 60, WeeklyCurve.of(flat), keywords, maxSeconds);
    }

    private static PlatformProfile platform(ContentTypeProfile... types) {
        return new PlatformProfile(Platform.of("p"), "P", "P", "", "", "none", List.of(), List.of(types));
    }

    @Test
    void anExportsTypeNameMeansTheFirstContentTypeWithAKeywordInIt() {
        PlatformProfile facebook =
                platform(type("post", List.of(), null), type("video", List.of("video", "reel"), null));
        assertThat(facebook.contentTypeOfExport("Reels", null)).contains("video");
        assertThat(facebook.contentTypeOfExport(" Video ", null)).contains("video");
        assertThat(facebook.contentTypeOfExport("Photo", null)).isEmpty(); // the default, post
        assertThat(facebook.contentTypeOfExport(null, 30.0)).isEmpty(); // no type has a duration limit
    }

    @Test
    void withoutATypeNameADurationPicksTheTypeWithTheShortestLimitItFits() {
        PlatformProfile youtube = platform(type("long_form", List.of(), null), type("shorts", List.of("short"), 180));
        assertThat(youtube.contentTypeOfExport(null, 59.0)).contains("shorts");
        assertThat(youtube.contentTypeOfExport(null, 180.0)).contains("shorts");
        assertThat(youtube.contentTypeOfExport(null, 181.0)).contains("long_form");
        assertThat(youtube.contentTypeOfExport("Video", 600.0)).contains("long_form");
        assertThat(youtube.contentTypeOfExport("YouTube Shorts", 600.0)).contains("shorts");
        assertThat(youtube.contentTypeOfExport(null, null)).isEmpty();
    }
}
