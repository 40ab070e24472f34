package dev.primetime.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/** The web page is static files from the jar; the browser tests (src/test/browser) drive it in Chromium. */
class WebPageIntegrationTest extends IntegrationTest {

    @Test
    void servesThePageAndItsModulesFromTheServiceWithoutAToken() {
        var page = anonymousApi().get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/js/main.js\">");
        // Everything the page loads is on this origin: no CDN.
        assertThat(page.body()).doesNotContain("https://").doesNotContain("http://");

        for (String module : new String[] {"main", "api", "live", "week", "heatmap", "time", "token"}) {
            var script = anonymousApi().get("/js/" + module + ".js");
            assertThat(script.status()).as(module).isEqualTo(200);
            assertThat(script.header("Content-Type")).contains("javascript");
            assertThat(script.body()).doesNotContain("https://").doesNotContain("http://");
        }
        assertThat(anonymousApi().get("/app.css").header("Content-Type")).startsWith("text/css");
    }

    @Test
    void theDevelopmentTokenIsNotOfferedOutsideDevelopment() {
        // Integration tests run with ENVIRONMENT=test and a configured secret.
        var response = anonymousApi().get("/api/v1/scheduling/dev-token");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("not_found");
        assertThat(response.json().path("error_message").asString()).contains("ENVIRONMENT=development");
    }
}
