package dev.primetime.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlatformTest {
    @Test
    void findsPlatformsByIdIgnoringCase() {
        assertThat(Platform.find("YouTube")).contains(Platform.YOUTUBE);
        assertThat(Platform.find(" linkedin ")).contains(Platform.LINKEDIN);
    }

    @Test
    void xIsTwitter() {
        assertThat(Platform.find("x")).contains(Platform.TWITTER);
        assertThat(Platform.find("X")).contains(Platform.TWITTER);
    }

    @Test
    void unknownPlatformsAreEmpty() {
        assertThat(Platform.find("myspace")).isEmpty();
        assertThat(Platform.find(null)).isEmpty();
    }
}
