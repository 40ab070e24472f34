package dev.primetime.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformIntegrationTest extends IntegrationTest {

    @Test
    void listsTwelvePlatformsTheSeedsSixFirstEachWithCitedPriorCurves() {
        var response = anonymousApi().get("/api/v1/scheduling/platforms");
        assertThat(response.status()).isEqualTo(200);
        Map<String, List<String>> types = new java.util.LinkedHashMap<>();
        for (var p : response.json().path("data")) {
            List<String> t = new ArrayList<>();
            p.path("content_types").forEach(c -> t.add(c.asString()));
            types.put(p.path("platform").asString(), t);
            assertThat(p.path("display_name").asString()).isNotBlank();
            assertThat(p.path("short_name").asString()).hasSizeBetween(1, 3);
            assertThat(p.path("best_times").asString()).isNotBlank();
            assertThat(p.path("frequency").asString()).isNotBlank();
            // a study named by its title, or "No ... study" and what the prior is then
            assertThat(p.path("prior_source").asString())
                    .as(p.path("platform").asString())
                    .matches("(?s)(.*\"[^\"]+\".*|No .*study.*Prior: .+)");
            for (var type : p.path("content_type_details")) {
                assertThat(type.path("hour_of_week_curve").size()).isEqualTo(168);
                assertThat(type.path("min_per_week").asInt())
                        .isBetween(1, type.path("max_per_week").asInt());
            }
        }
        assertThat(types)
                .containsExactly(
                        Map.entry("youtube", List.of("long_form", "shorts")),
                        Map.entry("tiktok", List.of("video")),
                        Map.entry("instagram", List.of("post", "reel")),
                        Map.entry("linkedin", List.of("post", "article")),
                        Map.entry("twitter", List.of("tweet", "thread")),
                        Map.entry("facebook", List.of("post", "video")),
                        Map.entry("threads", List.of("post", "video")),
                        Map.entry("bluesky", List.of("post")),
                        Map.entry("pinterest", List.of("pin", "video_pin")),
                        Map.entry("snapchat", List.of("story", "spotlight")),
                        Map.entry("mastodon", List.of("post")),
                        Map.entry("reddit", List.of("post", "link")));
    }

    @Test
    void recommendsFiveSlotsForEachOfTheTwelve() {
        var platforms =
                anonymousApi().get("/api/v1/scheduling/platforms").json().path("data");
        assertThat(platforms.size()).isEqualTo(12);
        for (var p : platforms) {
            String id = p.path("platform").asString();
            var response = anonymousApi().get("/api/v1/scheduling/recommendations?platforms=" + id + "&target_count=5");
            assertThat(response.status()).as(id + ": " + response.body()).isEqualTo(200);
            assertThat(response.json().path("recommendations").size()).as(id).isEqualTo(5);
            response.json()
                    .path("recommendations")
                    .forEach(
                            slot -> assertThat(slot.path("platform").asString()).isEqualTo(id));
        }
    }

    @Test
    void aliasesAndBadgesAreListedWithTheirPlatform() {
        var twitter = anonymousApi().get("/api/v1/scheduling/platforms/twitter").json();
        assertThat(twitter.path("aliases").valueStream().map(a -> a.asString()).toList())
                .containsExactly("twitter/x", "x");
        List<String> badges = new ArrayList<>();
        anonymousApi()
                .get("/api/v1/scheduling/platforms")
                .json()
                .path("data")
                .forEach(p -> badges.add(p.path("short_name").asString()));
        // the web page's own table had the first six
        assertThat(badges.subList(0, 6)).containsExactly("YT", "TT", "IG", "IN", "X", "FB");
        assertThat(badges).doesNotHaveDuplicates();
        var bluesky = anonymousApi().get("/api/v1/scheduling/platforms/BSKY");
        assertThat(bluesky.status()).isEqualTo(200);
        assertThat(bluesky.json().path("platform").asString()).isEqualTo("bluesky");
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

    @Test
    void theOpenApiDocumentsPlatformEnumerationsAreTheCatalogs() {
        var doc = anonymousApi().get("/openapi.json").json();
        List<String> catalog = new ArrayList<>();
        anonymousApi()
                .get("/api/v1/scheduling/platforms")
                .json()
                .path("data")
                .forEach(p -> catalog.add(p.path("platform").asString()));
        List<String> curveEnum = new ArrayList<>();
        for (var parameter : doc.path("paths")
                .path("/api/v1/scheduling/recommendations/curve")
                .path("get")
                .path("parameters")) {
            if (parameter.path("name").asString().equals("platform")) {
                parameter.path("schema").path("enum").forEach(v -> curveEnum.add(v.asString()));
            }
        }
        assertThat(curveEnum).containsAll(catalog).contains("x", "bsky").hasSize(catalog.size() + 3);
        List<String> withEnum = new ArrayList<>();
        doc.path("components").path("schemas").properties().forEach(e -> {
            var platform = e.getValue().path("properties").path("platform");
            if (platform.path("enum").valueStream().anyMatch(v -> v.asString().equals("reddit"))) {
                withEnum.add(e.getKey());
            }
        });
        assertThat(withEnum).isNotEmpty();
    }
}
