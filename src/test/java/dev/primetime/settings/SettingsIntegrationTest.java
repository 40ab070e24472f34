package dev.primetime.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import dev.primetime.support.TableCounts;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SettingsIntegrationTest extends IntegrationTest {
    private static final String SETTINGS = "/api/v1/scheduling/settings";

    @Autowired
    DataSource dataSource;

    @Test
    void aTenantWithoutSettingsGetsTheDefaults() {
        var response = api("settings-" + UUID.randomUUID()).get(SETTINGS);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("audience_timezone").isNull()).isTrue();
        assertThat(response.json().path("platform_audience_timezones").size()).isZero();
        assertThat(response.json().path("objective").isNull()).isTrue();
        assertThat(response.json().path("effective_objective").asString()).isEqualTo("interactions");
        assertThat(response.json().path("version").asInt()).isZero();
    }

    @Test
    void putReplacesTheSettingsAndOnlyTheTenantSeesThem() {
        String tenant = "settings-" + UUID.randomUUID();
        Api api = api(tenant);

        var put = api.send(
                "PUT",
                SETTINGS,
                Map.of(
                        "audience_timezone", "America/Los_Angeles",
                        "platform_audience_timezones", Map.of("x", "Asia/Kolkata"),
                        "objective", "engagement_rate"));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json()
                        .path("platform_audience_timezones")
                        .path("twitter")
                        .asString())
                .isEqualTo("Asia/Kolkata");
        assertThat(put.json().path("version").asInt()).isEqualTo(1);

        var again = api.send("PUT", SETTINGS, Map.of("objective", "views"));
        assertThat(again.json().path("audience_timezone").isNull())
                .as("a field left out is unset")
                .isTrue();
        assertThat(again.json().path("objective").asString()).isEqualTo("views");
        assertThat(again.json().path("version").asInt()).isEqualTo(2);
        assertThat(api.get(SETTINGS).json().path("objective").asString()).isEqualTo("views");
        assertThat(api("settings-" + UUID.randomUUID())
                        .get(SETTINGS)
                        .json()
                        .path("version")
                        .asInt())
                .isZero();

        // the default objective is the tenant's
        var recommendations = api.get("/api/v1/scheduling/recommendations?platforms=youtube&target_count=1");
        assertThat(recommendations.json().path("objective").asString()).isEqualTo("views");
        assertThat(recommendations.json().path("objective_source").asString()).isEqualTo("settings");
        var asked = api.get(
                "/api/v1/scheduling/recommendations?platforms=youtube&target_count=1&objective=watch_time_seconds");
        assertThat(asked.json().path("objective").asString()).isEqualTo("watch_time_seconds");
        assertThat(asked.json().path("objective_source").asString()).isEqualTo("request");
    }

    @Test
    void badSettingsAre422NamingEveryFieldAndWriteNothing() {
        Api api = api("settings-" + UUID.randomUUID());
        var before = TableCounts.of(dataSource);

        var response = api.send(
                "PUT",
                SETTINGS,
                Map.of(
                        "audience_timezone", "Mars/Olympus",
                        "platform_audience_timezones", Map.of("myspace", "UTC", "instagram", "+05:30"),
                        "objective", "likes"));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("error_message").asString())
                .contains("audience_timezone: 'Mars/Olympus' is not an IANA time zone")
                .contains("platform_audience_timezones.myspace: unknown platform 'myspace'")
                .contains("platform_audience_timezones.instagram: '+05:30' is not an IANA time zone")
                .contains("objective: unknown objective 'likes'");
        assertThat(TableCounts.of(dataSource)).isEqualTo(before);
        assertThat(api.send("PUT", SETTINGS, Map.of("colour", "blue")).status()).isEqualTo(422);
        assertThat(api.anonymous().get(SETTINGS).status()).isEqualTo(401);
    }
}
