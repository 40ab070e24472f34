package dev.primetime.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.Api;
import dev.primetime.support.IntegrationTest;
import dev.primetime.support.TestTokens;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class KpiImportIntegrationTest extends IntegrationTest {
    private static final String IMPORT = "/api/v1/scheduling/kpi-events/import";
    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    private static final Path UCI = Path.of("../shared/data/facebook-metrics/dataset_Facebook.csv");

    @Autowired
    DataSource dataSource;

    @Autowired
    EngagementHistory history;

    private long storedEvents(String tenant) {
        return JdbcClient.create(dataSource)
                .sql("SELECT count(*) FROM performance_kpi_events WHERE tenant_id = ?")
                .param(tenant)
                .query(Long.class)
                .single();
    }

    private static Api csv(Api api) {
        return api.header("Content-Type", "text/csv");
    }

    /** Post i went out i hours before 2026-03-01 12:00 Los Angeles time, across the change to daylight saving. */
    private static LocalDateTime local(int i) {
        return LocalDateTime.of(2026, 3, 1, 12, 0).minusHours(i);
    }

    private static String file(String header, int rows, IntFunction<String> row) {
        StringBuilder out = new StringBuilder(header).append("\r\n");
        for (int i = 0; i < rows; i++) {
            out.append(row.apply(i)).append("\r\n");
        }
        return out.toString();
    }

    private void roundTrip(
            String preset,
            String body,
            int rows,
            int metricsPerRow,
            String platform,
            String contentType,
            Map<KpiMetric, Double> firstPost) {
        String tenant = "import-" + preset + "-" + UUID.randomUUID();
        Api api = csv(api(tenant));

        var response = api.post(IMPORT + "?preset=" + preset + "&timezone=America/Los_Angeles", body);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        var result = response.json();
        assertThat(result.path("rows").asLong()).isEqualTo(rows);
        assertThat(result.path("bad_rows").asLong()).isZero();
        assertThat(result.path("stored").asLong()).isEqualTo((long) rows * metricsPerRow);
        assertThat(result.path("posts").asLong()).isEqualTo(rows);
        assertThat(storedEvents(tenant)).isEqualTo((long) rows * metricsPerRow);
        List<PostEngagement> posts = history.posts(tenant);
        assertThat(posts).hasSize(rows);
        PostEngagement first = posts.stream()
                .filter(p -> p.publishedAt().equals(local(0).atZone(LA).toInstant()))
                .findFirst()
                .orElseThrow();
        assertThat(first.platform().id()).isEqualTo(platform);
        assertThat(first.contentType()).isEqualTo(contentType);
        assertThat(first.ownZone())
                .as("a file's local times name no audience zone")
                .isNull();
        firstPost.forEach((metric, value) ->
                assertThat(first.metric(metric)).as(metric.id()).hasValue(value));
        // every instant read in Los Angeles with its daylight-saving rules: 8,000 hours back is still 12:00 minus i
        PostEngagement old = posts.getFirst();
        assertThat(old.publishedAt()).isEqualTo(local(rows - 1).atZone(LA).toInstant());

        var again = api.post(IMPORT + "?preset=" + preset + "&timezone=America/Los_Angeles", body);
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.json().path("stored").asLong())
                .as("the same file twice stores nothing new")
                .isZero();
        assertThat(again.json().path("duplicates").asLong()).isEqualTo((long) rows * metricsPerRow);
        assertThat(storedEvents(tenant)).isEqualTo((long) rows * metricsPerRow);
    }

    private static final DateTimeFormatter META = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm", Locale.ENGLISH);

    @Test
    void tenThousandRowsOfAFacebookPageExportRoundTrip() {
        String body = file(
                "Post ID,Page ID,Page name,Title,Description,Publish time,Permalink,Post type,Reach,Reactions,Comments,Shares,Total clicks",
                10_000,
                i -> String.join(
                        ",",
                        "1000" + i,
                        "42",
                        "Page",
                        "\"Title, with a comma " + i + "\"",
                        "\"A caption\nover two lines with \"\"quotes\"\"\"",
                        local(i).format(META),
                        "https://facebook.com/" + i,
                        i % 2 == 0 ? "Reels" : "Photos",
                        "\"2,40" + i % 10 + "\"",
                        Integer.toString(i % 50),
                        "3",
                        "1",
                        "7"));
        roundTrip(
                "facebook",
                body,
                10_000,
                5,
                "facebook",
                "video",
                Map.of(
                        KpiMetric.REACH, 2400.0,
                        KpiMetric.LIKES, 0.0,
                        KpiMetric.COMMENTS, 3.0,
                        KpiMetric.SHARES, 1.0,
                        KpiMetric.CLICKS, 7.0));
    }

    @Test
    void tenThousandRowsOfAnInstagramExportRoundTrip() {
        String body = file(
                "Post ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,Permalink,Post type,Views,Reach,Likes,Shares,Follows,Comments,Saves",
                10_000,
                i -> String.join(
                        ",",
                        "ig" + i,
                        "7",
                        "brand",
                        "Brand",
                        "caption",
                        "0",
                        local(i).format(META),
                        "https://instagram.com/p/" + i,
                        i % 2 == 0 ? "IG reel" : "IG image",
                        "900",
                        "800",
                        Integer.toString(10 + i % 7),
                        "2",
                        "0",
                        "4",
                        "5"));
        roundTrip(
                "instagram",
                body,
                10_000,
                6,
                "instagram",
                "reel",
                Map.of(
                        KpiMetric.VIEWS, 900.0,
                        KpiMetric.REACH, 800.0,
                        KpiMetric.LIKES, 10.0,
                        KpiMetric.SHARES, 2.0,
                        KpiMetric.COMMENTS, 4.0,
                        KpiMetric.SAVES, 5.0));
    }

    @Test
    void tenThousandRowsOfAYouTubeStudioExportRoundTripWithoutItsTotalRow() {
        DateTimeFormatter studio = DateTimeFormatter.ofPattern("MMM d, yyyy h:mm a", Locale.ENGLISH);
        String body =
                "Content,Video title,Video publish time,Duration,Views,Watch time (hours),Subscribers,Impressions,Likes,Comments added,Shares\r\n"
                        + "Total,,,,\"5,000,000\",1200.5,300,\"9,000,000\",1000,100,50\r\n"
                        + file(
                                        "",
                                        10_000,
                                        i -> String.join(
                                                ",",
                                                "vid" + i,
                                                "Video " + i,
                                                "\"" + local(i).format(studio) + "\"",
                                                i % 2 == 0 ? "45" : "900",
                                                "1500",
                                                "2.5",
                                                "1",
                                                "20000",
                                                "60",
                                                "6",
                                                "3"))
                                .substring(2);
        roundTrip(
                "youtube",
                body,
                10_000,
                6,
                "youtube",
                "shorts",
                Map.of(
                        KpiMetric.VIEWS, 1500.0,
                        KpiMetric.WATCH_TIME_SECONDS, 9000.0,
                        KpiMetric.IMPRESSIONS, 20000.0,
                        KpiMetric.LIKES, 60.0,
                        KpiMetric.COMMENTS, 6.0,
                        KpiMetric.SHARES, 3.0));
    }

    @Test
    void tenThousandRowsOfATikTokExportRoundTrip() {
        DateTimeFormatter plain = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ENGLISH);
        String body = file(
                "Video ID,Video title,Post time,Video views,Likes,Comments,Shares,Saves",
                10_000,
                i -> String.join(",", "tt" + i, "clip", local(i).format(plain), "3000", "150", "12", "9", "4"));
        roundTrip(
                "tiktok",
                body,
                10_000,
                5,
                "tiktok",
                "video",
                Map.of(
                        KpiMetric.VIEWS, 3000.0,
                        KpiMetric.LIKES, 150.0,
                        KpiMetric.COMMENTS, 12.0,
                        KpiMetric.SHARES, 9.0,
                        KpiMetric.SAVES, 4.0));
    }

    @Test
    void tenThousandRowsInTheServicesOwnLayoutRoundTrip() {
        String body = file(
                "content_id,platform,content_type,published_at,likes,comments,reach",
                10_000,
                i -> String.join(
                        ",",
                        "p" + i,
                        "linkedin",
                        "article",
                        local(i).atZone(LA).toOffsetDateTime().toString(),
                        "30",
                        "2",
                        "1000"));
        roundTrip(
                "primetime",
                body,
                10_000,
                3,
                "linkedin",
                "article",
                Map.of(KpiMetric.LIKES, 30.0, KpiMetric.COMMENTS, 2.0, KpiMetric.REACH, 1000.0));
    }

    @Test
    void aCustomMappingNamesTheColumns() {
        String tenant = "import-custom-" + UUID.randomUUID();
        Api api = csv(api(tenant));
        String body = "When;Hearts;Seen by\r\n2026-02-10 20:30;12;400\r\n2026-02-11 21:00;0;380\r\n";

        var response = api.post(
                IMPORT + "?preset=custom&platform=instagram&content_type=reel&timezone=Asia/Kolkata"
                        + "&mapping=published_at:When&mapping=likes:Hearts&mapping=reach:Seen%20by",
                body);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().path("stored").asLong()).isEqualTo(4);
        assertThat(response.json().path("columns").path("published_at").asString())
                .isEqualTo("When");
        assertThat(response.json().path("times_read_in").asString()).isEqualTo("Asia/Kolkata");
        assertThat(history.posts(tenant))
                .extracting(PostEngagement::publishedAt)
                .containsExactly(Instant.parse("2026-02-10T15:00:00Z"), Instant.parse("2026-02-11T15:30:00Z"));
    }

    @Test
    void jsonLinesAreImportedLikeCsv() {
        String tenant = "import-jsonl-" + UUID.randomUUID();
        Api api = api(tenant).header("Content-Type", "application/x-ndjson");
        String body = """
                {"content_id":"a","platform":"tiktok","published_at":"2026-02-01T20:00:00Z","likes":10,"views":100}
                {"content_id":"b","platform":"tiktok","published_at":"2026-02-02T20:00:00Z","likes":0,"views":90,"timezone":"Asia/Kolkata"}
                """;

        var response = api.post(IMPORT, body);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().path("stored").asLong()).isEqualTo(4);
        assertThat(history.posts(tenant))
                .extracting(PostEngagement::ownZone)
                .containsExactly(null, ZoneId.of("Asia/Kolkata"));
    }

    @Test
    void aFileWithThreeBadRowsIsRefusedNamingEachAndStoresNothing() {
        String tenant = "import-bad-" + UUID.randomUUID();
        Api api = csv(api(tenant));
        StringBuilder body = new StringBuilder("content_id,platform,published_at,likes,reach\n");
        for (int i = 0; i < 30; i++) {
            String published = "2026-02-" + String.format("%02d", 1 + i % 27) + "T10:00:00Z";
            String likes = "5";
            String platform = "instagram";
            if (i == 4) {
                published = "yesterday";
            } else if (i == 15) {
                likes = "-3";
            } else if (i == 20) {
                platform = "myspace";
            }
            body.append("p")
                    .append(i)
                    .append(',')
                    .append(platform)
                    .append(',')
                    .append(published)
                    .append(',')
                    .append(likes)
                    .append(",100\n");
        }

        var response = api.post(IMPORT, body.toString());

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.errorCode()).isEqualTo("validation_error");
        String message = response.json().path("error_message").asString();
        // the header is row 1: data row i is row i + 2
        assertThat(message)
                .startsWith("3 bad rows; nothing was stored")
                .contains("row 6: published_at: 'yesterday' is not a date-time")
                .contains("row 17: likes: '-3' must be a number ≥ 0")
                .contains("row 22: platform: unknown platform 'myspace'");
        assertThat(storedEvents(tenant)).isZero();
        var imports =
                api(tenant).get("/api/v1/scheduling/kpi-events/imports").json().path("data");
        assertThat(imports.get(0).path("status").asString()).isEqualTo("rejected");
        assertThat(imports.get(0).path("errors").size()).isEqualTo(3);
    }

    @Test
    void aDryRunStoresNothingAndNamesEveryBadRow() {
        String tenant = "import-dry-" + UUID.randomUUID();
        Api api = csv(api(tenant));
        String body = "content_id,platform,published_at,likes\n"
                + "a,youtube,2026-02-01T10:00:00Z,5\n"
                + "b,youtube,2026-02-02,5\n"
                + "c,youtube,2026-02-03T10:00:00Z,7\n";

        var response = api.post(IMPORT + "?dry_run=true", body);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("dry_run").asBoolean()).isTrue();
        assertThat(response.json().path("stored").asLong())
                .as("would be stored")
                .isEqualTo(2);
        assertThat(response.json().path("errors").get(0).asString())
                .isEqualTo("row 3: published_at: '2026-02-02' is a date without a time of day; the hour a post"
                        + " went out is what is learned from it");
        assertThat(storedEvents(tenant)).isZero();

        var clean = api.post(IMPORT + "?dry_run=true", body.replace("2026-02-02,", "2026-02-02T09:00:00Z,"));
        assertThat(clean.json().path("status").asString()).isEqualTo("completed");
        assertThat(clean.json().path("stored").asLong()).isEqualTo(3);
        assertThat(storedEvents(tenant)).isZero();
    }

    @Test
    void localTimesWithoutAZoneAreRefusedRatherThanReadInADefault() {
        String tenant = "import-zone-" + UUID.randomUUID();
        var response = csv(api(tenant))
                .post(IMPORT + "?preset=instagram", "Post ID,Publish time,Likes\n1,02/10/2026 20:30,5\n");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("error_message").asString())
                .contains("row 2: published_at: '02/10/2026 20:30' has no offset, and no timezone= was sent");
        assertThat(storedEvents(tenant)).isZero();
    }

    @Test
    void aFileWithoutAPublishTimeColumnIsRefusedOnceNamingTheColumnsLookedFor() {
        String tenant = "import-columns-" + UUID.randomUUID();
        Api api = csv(api(tenant));

        var response =
                api.post(IMPORT + "?preset=instagram&timezone=UTC", "Post ID,Posted at,Likes\n1,2026-02-01 10:00,5\n");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("error_message").asString())
                .isEqualTo("columns: no publish time column (looked for Publish time; map yours with"
                        + " mapping=published_at:<column>); the file's columns: Post ID, Posted at, Likes");
        assertThat(api.post(IMPORT, "").json().path("error_message").asString()).startsWith("body: the file is empty");
        assertThat(storedEvents(tenant)).isZero();
        var imports =
                api(tenant).get("/api/v1/scheduling/kpi-events/imports").json().path("data");
        assertThat(imports.get(0).path("status").asString()).isEqualTo("rejected");

        var mapped = api.post(
                IMPORT + "?preset=instagram&timezone=UTC&mapping=published_at:Posted%20at",
                "Post ID,Posted at,Likes\n1,2026-02-01 10:00,5\n");
        assertThat(mapped.status()).as(mapped.body()).isEqualTo(201);
        assertThat(storedEvents(tenant)).isEqualTo(1);
    }

    @Test
    void aLongImportReportsItsProgressWhileItRuns() throws Exception {
        String tenant = "import-progress-" + UUID.randomUUID();
        String token = TestTokens.forTenant(tenant, clock);
        UUID importId = UUID.randomUUID();
        PipedInputStream upload = new PipedInputStream(1 << 16);
        PipedOutputStream writer = new PipedOutputStream(upload);
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + IMPORT + "?import_id=" + importId))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> upload))
                .timeout(Duration.ofSeconds(60))
                .build();
        CompletableFuture<HttpResponse<String>> done =
                HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString());
        writeRows(writer, "content_id,platform,published_at,likes\n", 0, 12_000);

        Api api = api(tenant);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        var progress = api.get("/api/v1/scheduling/kpi-events/imports/" + importId);
        while ((progress.status() != 200 || progress.json().path("rows_read").asLong() < 10_000)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
            progress = api.get("/api/v1/scheduling/kpi-events/imports/" + importId);
        }
        assertThat(progress.json().path("status").asString()).isEqualTo("running");
        assertThat(progress.json().path("rows_read").asLong()).isBetween(10_000L, 12_000L);
        assertThat(storedEvents(tenant))
                .as("nothing is visible before the import commits")
                .isZero();

        writeRows(writer, "", 12_000, 13_000);
        writer.close();
        var response = done.get();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        var finished =
                api.get("/api/v1/scheduling/kpi-events/imports/" + importId).json();
        assertThat(finished.path("status").asString()).isEqualTo("completed");
        assertThat(finished.path("rows_read").asLong()).isEqualTo(13_000);
        assertThat(finished.path("events_stored").asLong()).isEqualTo(13_000);
    }

    private static void writeRows(OutputStream out, String header, int from, int to) throws IOException {
        StringBuilder s = new StringBuilder(header);
        for (int i = from; i < to; i++) {
            s.append("p")
                    .append(i)
                    .append(",facebook,")
                    .append(Instant.parse("2026-02-01T00:00:00Z").minus(Duration.ofMinutes(i)))
                    .append(",")
                    .append(i % 100)
                    .append('\n');
        }
        out.write(s.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static boolean uciFilePresent() {
        return Files.isReadable(UCI);
    }

    /**
     * The UCI "Facebook metrics" file is a Facebook Insights post export with shortened names ("Total Reach",
     * "like", …): with its rows given a "Posted" time and a "Post ID", the facebook preset reads its values exactly.
     */
    @Test
    @EnabledIf("uciFilePresent")
    void theUciFacebookFileIsReadByTheFacebookPreset() throws IOException {
        List<String> lines = Files.readAllLines(UCI, StandardCharsets.UTF_8).stream()
                .map(l -> l.replace("\r", ""))
                .collect(Collectors.toList());
        StringBuilder body =
                new StringBuilder("Post ID;Posted;").append(lines.getFirst()).append('\n');
        long likes = 0;
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(";", -1);
            likes += cells[16].isEmpty() ? 0 : Long.parseLong(cells[16]);
            body.append("uci-")
                    .append(i)
                    .append(';')
                    .append(Instant.parse("2014-12-31T12:00:00Z").minus(Duration.ofHours(i)))
                    .append(';')
                    .append(lines.get(i))
                    .append('\n');
        }
        String tenant = "import-uci-" + UUID.randomUUID();

        var response = csv(api(tenant)).post(IMPORT + "?preset=facebook", body.toString());

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().path("rows").asLong()).isEqualTo(500);
        assertThat(response.json().path("columns").path("reach").asString()).isEqualTo("Total Reach");
        assertThat(response.json().path("columns").path("likes").asString()).isEqualTo("like");
        List<PostEngagement> posts = history.posts(tenant);
        assertThat(posts).hasSize(500);
        assertThat(posts.stream()
                        .mapToDouble(p -> p.metric(KpiMetric.LIKES).orElse(0))
                        .sum())
                .isEqualTo(likes);
        assertThat(posts.stream().filter(p -> p.contentType().equals("video")).count())
                .as("the file's Type column: Video → video")
                .isEqualTo(lines.stream()
                        .skip(1)
                        .filter(l -> l.split(";")[1].equals("Video"))
                        .count());
    }
}
