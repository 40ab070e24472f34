package dev.primetime.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.engagement.Objective;
import dev.primetime.platform.Platform;
import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class EngagementModelRefitIntegrationTest extends IntegrationTest {
    @Autowired
    BayesianEngagementModel model;

    private static Map<String, Object> post(String id, String platform, String contentType, String at, int likes) {
        return Map.of(
                "content_id", id,
                "platform", platform,
                "content_type", contentType,
                "published_at", at,
                "metric", "likes",
                "value", likes);
    }

    private void record(Api api, List<Map<String, Object>> events) {
        var response = api.post("/api/v1/scheduling/kpi-events", Map.of("events", events));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    private static final java.time.ZoneId UTC = java.time.ZoneOffset.UTC;

    @Test
    void newEventsRefitOnlyThePlatformTheyArriveFor() {
        String tenant = "refit-" + UUID.randomUUID();
        Api api = api(tenant);
        List<Map<String, Object>> history = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String at = clock.instant().minus(Duration.ofDays(2 + i)).toString();
            history.add(post("yt-" + i, "youtube", "long_form", at, 100 + 10 * i));
            history.add(post("tt-" + i, "tiktok", "video", at, 300 + 10 * i));
        }
        record(api, history);
        Optional<String> who = Optional.of(tenant);
        EngagementForecast youtube =
                model.snapshot(who).forecast(Platform.of("youtube"), "long_form", UTC, Objective.INTERACTIONS);
        EngagementForecast tiktok =
                model.snapshot(who).forecast(Platform.of("tiktok"), "video", UTC, Objective.INTERACTIONS);
        assertThat(tiktok.observations()).isEqualTo(6);
        long fitsBefore = model.fits();

        record(
                api,
                List.of(post(
                        "tt-new",
                        "tiktok",
                        "video",
                        clock.instant().minus(Duration.ofDays(1)).toString(),
                        900)));
        BayesianEngagementModel.Snapshot after = model.snapshot(who);

        assertThat(after.forecast(Platform.of("tiktok"), "video", UTC, Objective.INTERACTIONS)
                        .observations())
                .isEqualTo(7);
        assertThat(after.forecast(Platform.of("youtube"), "long_form", UTC, Objective.INTERACTIONS))
                .isSameAs(youtube);
        assertThat(after.version()).isEqualTo("bayes-v3:13-posts");
        assertThat(model.fits() - fitsBefore).as("only tiktok was fitted again").isEqualTo(1);
    }
}
