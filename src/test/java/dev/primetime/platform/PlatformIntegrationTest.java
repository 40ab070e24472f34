package dev.primetime.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformIntegrationTest extends IntegrationTest {

    @Test
    void listsTheSixPlatformsWithTheSeedsContentTypes() {
        var response = anonymousApi().get("/api/v1/scheduling/platforms");
        assertThat(response.status()).isEqualTo(200);
        Map<String, List<String>> types = new java.util.LinkedHashMap<>();
        for (var p : response.json().path("data")) {
            List<String> t = new ArrayList<>();
            p.path("content_types").forEach(c -> t.add(c.asString()));
            types.put(p.path("platform").asString(), t);
            assertThat(p.path("display_name").asString()).isNotBlank();
            assertThat(p.path("best_times").asString()).isNotBlank();
            assertThat(p.path("frequency").asString()).isNotBlank();
        }
        assertThat(types)
                .containsExactly(
                        Map.entry("youtube", List.of("long_form", "shorts")),
                        Map.entry("tiktok", List.of("video")),
                        Map.entry("instagram", List.of("post", "reel")),
                        Map.entry("linkedin", List.of("post", "article")),
                        Map.entry("twitter", List.of("tweet", "thread")),
                        Map.entry("facebook", List.of("post", "video")));
    }

    @Test
    void showsTheSeedsBestTimesAndFrequency() {
        var tiktok = anonymousApi().get("/api/v1/scheduling/platforms/tiktok").json();
        assertThat(tiktok.path("best_times").asString()).isEqualTo("Wed 3-4pm, Sun 8pm");
        assertThat(tiktok.path("frequency").asString()).isEqualTo("2-5/week");
    }

    @Test
    void acceptsXForTwitter() {
        var response = anonymousApi().get("/api/v1/scheduling/platforms/x");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("platform").asString()).isEqualTo("twitter");
    }

    @Test
    void unknownPlatformIs404() {
        var response = anonymousApi().get("/api/v1/scheduling/platforms/myspace");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("not_found");
    }
}
