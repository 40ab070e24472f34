package dev.primetime.web;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** ReDoc, from the jar (webjar) rather than a CDN, so the page works offline. */
@RestController
@Hidden
class DocsController {
    private static final String REDOC_PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Primetime API — ReDoc</title>
            </head>
            <body>
              <redoc spec-url="/openapi.json"></redoc>
              <script src="/webjars/redoc/2.1.4/bundles/redoc.standalone.js"></script>
            </body>
            </html>
            """;

    @GetMapping(value = "/redoc", produces = MediaType.TEXT_HTML_VALUE)
    String redoc() {
        return REDOC_PAGE;
    }
}
