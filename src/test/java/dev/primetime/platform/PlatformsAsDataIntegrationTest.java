package dev.primetime.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A platform is a row: the SQL of docs/ADDING_A_PLATFORM.md, run as written by the owner of a fresh database, is all
 * it takes for the service to list the platform, recommend for it, schedule and optimize it and draw its heat map;
 * and a platform that tenants' rows name cannot be removed.
 */
class PlatformsAsDataIntegrationTest extends IntegrationTest {
    private static final String CALENDAR = "/api/v1/scheduling/calendar";
    private final String tenant = "platforms-as-data-" + UUID.randomUUID();

    @Autowired
    DataSource dataSource;

    @Autowired
    PlatformCatalog catalog;

    /** The docs' SQL block that adds Tumblr, exactly as an operator would paste it. */
    static String documentedSql() throws IOException {
        String doc = Files.readString(Path.of("docs/ADDING_A_PLATFORM.md"));
        Matcher block = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        while (block.find()) {
            if (block.group(1).contains("INSERT INTO platforms")) {
                return block.group(1);
            }
        }
        throw new AssertionError("docs/ADDING_A_PLATFORM.md has no SQL block that inserts a platform");
    }

    private JdbcClient owner() {
        return JdbcClient.create(dataSource);
    }

    /** Runs a script of several statements as psql would (JdbcClient would read its colons as parameters). */
    private void runAsOwner(String script) throws SQLException {
        try (Connection c = dataSource.getConnection();
                java.sql.Statement statement = c.createStatement()) {
            statement.execute(script);
        }
    }

    /** Waits for every request to see the catalog change, which only the refresh thread brings. */
    private JsonNode awaitPlatforms(Predicate<List<String>> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (true) {
            Api.Response response = anonymousApi().get("/api/v1/scheduling/platforms");
            assertThat(response.status()).isEqualTo(200);
            List<String> ids = new ArrayList<>();
            response.json().path("data").forEach(p -> ids.add(p.path("platform").asString()));
            if (condition.test(ids)) {
                return response.json();
            }
            assertThat(Instant.now())
                    .as("the catalog did not change in time: " + ids)
                    .isBefore(deadline);
            Thread.sleep(100);
        }
    }

    @AfterEach
    void removeTheAddedPlatform() throws SQLException {
        // the tenant's schedules name it: delete them as the tenant (claims set for this transaction only), then it
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement claims = c.prepareStatement("SELECT set_config('request.jwt.claims', ?, true)");
                    PreparedStatement schedules =
                            c.prepareStatement("DELETE FROM content_calendar WHERE tenant_id = ?")) {
                claims.setString(1, "{\"sub\": \"" + tenant + "\"}");
                claims.execute();
                schedules.setString(1, tenant);
                schedules.executeUpdate();
            }
            c.commit();
        }
        owner().sql("DELETE FROM platforms WHERE id = 'tumblr'").update();
        catalog.refresh();
    }

    @Test
    void aPlatformAddedBySqlAloneIsListedRecommendedScheduledOptimizedAndDrawn() throws Exception {
        assertThat(anonymousApi().get("/api/v1/scheduling/platforms/tumblr").status())
                .isEqualTo(404);

        runAsOwner(documentedSql());

        JsonNode list = awaitPlatforms(ids -> ids.contains("tumblr"));
        assertThat(list.path("data").size()).isEqualTo(13);
        JsonNode tumblr =
                anonymousApi().get("/api/v1/scheduling/platforms/Tumblr.com").json();
        assertThat(tumblr.path("platform").asString()).isEqualTo("tumblr");
        assertThat(tumblr.path("short_name").asString()).isEqualTo("TU");
        assertThat(tumblr.path("prior_source").asString()).startsWith("No best-time study found");
        assertThat(tumblr.path("content_type_details")
                        .path(0)
                        .path("hour_of_week_curve")
                        .size())
                .isEqualTo(168);

        // recommended, with and without a token
        Api api = api(tenant);
        for (Api caller : List.of(anonymousApi(), api)) {
            Api.Response recommended = caller.get("/api/v1/scheduling/recommendations?platforms=tumblr&target_count=5");
            assertThat(recommended.status()).as(recommended.body()).isEqualTo(200);
            assertThat(recommended.json().path("recommendations").size()).isEqualTo(5);
            recommended.json().path("recommendations").forEach(slot -> {
                assertThat(slot.path("platform").asString()).isEqualTo("tumblr");
                assertThat(slot.path("content_type").asString()).isEqualTo("post");
            });
        }

        // scheduled: three posts an hour apart, closer than Tumblr's 120-minute spacing
        Instant first = clock.instant().plus(Duration.ofDays(2));
        List<Map<String, Object>> items = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            items.add(Map.of(
                    "content_id",
                    "tumblr-" + k,
                    "platform",
                    k == 0 ? "tumblr.com" : "tumblr",
                    "scheduled_time",
                    first.plus(Duration.ofHours(k)).toString()));
        }
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("title", "Tumblr week");
        schedule.put("timezone", "UTC");
        schedule.put("items", items);
        Api.Response created = api.post(CALENDAR, schedule);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asString();
        created.json()
                .path("items")
                .forEach(i -> assertThat(i.path("platform").asString()).isEqualTo("tumblr"));

        // optimized: the catalog's spacing holds afterwards
        Api.Response optimized =
                api.post("/api/v1/scheduling/optimize", Map.of("schedule_id", id, "time_limit_ms", 2000));
        assertThat(optimized.status()).as(optimized.body()).isEqualTo(200);
        List<Instant> times = new ArrayList<>();
        api.get(CALENDAR + "/" + id)
                .json()
                .path("items")
                .forEach(i ->
                        times.add(OffsetDateTime.parse(i.path("scheduled_time").asString())
                                .toInstant()));
        times.sort(null);
        assertThat(times).hasSize(3);
        for (int k = 1; k < times.size(); k++) {
            assertThat(Duration.between(times.get(k - 1), times.get(k)))
                    .isGreaterThanOrEqualTo(Duration.ofMinutes(120));
        }

        // drawn: the web page's heat map reads this curve; its top hours are the evening the SQL raised
        Api.Response curve = api.get("/api/v1/scheduling/recommendations/curve?platform=tumblr&timezone=UTC");
        assertThat(curve.status()).as(curve.body()).isEqualTo(200);
        assertThat(curve.json().path("platform").asString()).isEqualTo("tumblr");
        List<Double> expected = new ArrayList<>();
        curve.json().path("expected").forEach(v -> expected.add(v.asDouble()));
        assertThat(expected).hasSize(168);
        int top = 0;
        for (int slot = 1; slot < expected.size(); slot++) {
            if (expected.get(slot) > expected.get(top)) {
                top = slot;
            }
        }
        assertThat(top % 24).isBetween(19, 22);

        // changed by SQL: the new curve is drawn within the refresh interval, nothing restarted
        // a flat curve but for Monday 06:00 (slot 6)
        runAsOwner("UPDATE platform_timing_data SET hour_of_week_curve = array_fill(0.2::double precision, ARRAY[168])"
                + " WHERE platform = 'tumblr'; UPDATE platform_timing_data SET hour_of_week_curve[7] = 1.0"
                + " WHERE platform = 'tumblr'");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (true) {
            JsonNode drawn = anonymousApi()
                    .get("/api/v1/scheduling/recommendations/curve?platform=tumblr&timezone=UTC")
                    .json();
            if (drawn.path("expected").path(6).asDouble()
                    > drawn.path("expected").path(20).asDouble()) {
                break;
            }
            assertThat(Instant.now()).as("the changed curve is drawn").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void removingAPlatformInUseIsRefusedAndNamesTheTableThatHoldsIt() {
        Api api = api(tenant);
        Api.Response created = api.post(
                CALENDAR,
                Map.of(
                        "title",
                        "On Threads",
                        "timezone",
                        "UTC",
                        "items",
                        List.of(Map.of(
                                "content_id",
                                "thread-1",
                                "platform",
                                "threads",
                                "scheduled_time",
                                clock.instant().plus(Duration.ofDays(1)).toString()))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        assertThatThrownBy(() -> owner().sql("DELETE FROM platforms WHERE id = 'threads'")
                        .update())
                .hasMessageContaining("schedule_items_platform_in_catalog")
                .hasMessageContaining("content_schedule_items");

        catalog.refresh();
        assertThat(anonymousApi().get("/api/v1/scheduling/platforms/threads").status())
                .isEqualTo(200);
        assertThat(owner().sql("SELECT count(*) FROM platform_timing_data WHERE platform = 'threads'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void removingAPlatformATenantsQueueNamesIsRefused() {
        Api api = api(tenant);
        Api.Response queue = api.put(
                "/api/v1/scheduling/queues/pinterest",
                Map.of("timezone", "UTC", "slots", List.of(Map.of("day", "tue", "time", "10:00"))));
        assertThat(queue.status()).as(queue.body()).isEqualTo(200);
        try {
            assertThatThrownBy(() -> owner().sql("DELETE FROM platforms WHERE id = 'pinterest'")
                            .update())
                    .hasMessageContaining("posting_queues_platform_in_catalog")
                    .hasMessageContaining("posting_queues");
        } finally {
            assertThat(api.delete("/api/v1/scheduling/queues/pinterest").status())
                    .isEqualTo(204);
        }
    }

    @Test
    void anUnusedPlatformCanBeRemovedAndEveryRequestStopsSeeingIt() throws Exception {
        runAsOwner(documentedSql());
        awaitPlatforms(ids -> ids.contains("tumblr"));

        owner().sql("DELETE FROM platforms WHERE id = 'tumblr'").update();

        awaitPlatforms(ids -> !ids.contains("tumblr"));
        assertThat(anonymousApi().get("/api/v1/scheduling/platforms/tumblr").status())
                .isEqualTo(404);
        Api.Response refused = api(tenant)
                .post(
                        CALENDAR,
                        Map.of(
                                "title",
                                "Too late",
                                "timezone",
                                "UTC",
                                "items",
                                List.of(Map.of(
                                        "content_id",
                                        "t",
                                        "platform",
                                        "tumblr",
                                        "scheduled_time",
                                        clock.instant().plus(Duration.ofDays(1)).toString()))));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("unknown platform 'tumblr'");
        assertThat(owner().sql("SELECT count(*) FROM platform_aliases WHERE platform = 'tumblr'")
                        .query(Integer.class)
                        .single())
                .isZero();
    }
}
