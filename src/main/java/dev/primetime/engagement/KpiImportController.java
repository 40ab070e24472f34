package dev.primetime.engagement;

import dev.primetime.engagement.ImportPreset.Target;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.tenancy.Caller;
import dev.primetime.web.ApiException;
import dev.primetime.web.FieldErrors;
import dev.primetime.web.TimeZones;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/scheduling/kpi-events")
@Tag(name = "engagement")
class KpiImportController {
    static final String NDJSON = "application/x-ndjson";
    private final KpiImportService imports;
    private final PlatformCatalog platforms;

    KpiImportController(KpiImportService imports, PlatformCatalog platforms) {
        this.imports = imports;
        this.platforms = platforms;
    }

    @PostMapping(
            path = "/import",
            consumes = {"text/csv", NDJSON, "application/jsonl", "application/x-jsonlines"})
    @Operation(
            summary = "Import history from an analytics export (CSV or JSON lines): all rows or none",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = {
                                @Content(
                                        mediaType = "text/csv",
                                        schema =
                                                @Schema(
                                                        type = "string",
                                                        example =
                                                                "Post ID,Publish time,Reach,Reactions,Comments,Shares\n1,03/02/2026 18:00,2400,120,8,3")),
                                @Content(
                                        mediaType = NDJSON,
                                        schema =
                                                @Schema(
                                                        type = "string",
                                                        example =
                                                                "{\"content_id\":\"p1\",\"platform\":\"instagram\",\"published_at\":\"2026-03-02T18:00:00-08:00\",\"likes\":120,\"reach\":2400}"))
                            }))
    ResponseEntity<KpiImportViews.Result> importExport(
            Caller caller,
            HttpServletRequest request,
            @Parameter(
                            description =
                                    "Column layout: primetime (default: this API's names), facebook, instagram, youtube, tiktok, custom")
                    @RequestParam(required = false)
                    String preset,
            @Parameter(
                            description =
                                    "field:Column, repeatable, over the preset's columns: content_id, published_at, platform,"
                                            + " content_type, observed_at, timezone, impressions, reach, views, likes, comments,"
                                            + " shares, saves, clicks, watch_time_seconds, watch_time_hours, duration_seconds")
                    @RequestParam(required = false)
                    List<String> mapping,
            @Parameter(description = "For rows without a platform column (the presets name theirs)")
                    @RequestParam(required = false)
                    String platform,
            @Parameter(description = "For every row; default the file's post type, else the platform's first")
                    @RequestParam(name = "content_type", required = false)
                    String contentType,
            @Parameter(
                            description =
                                    "IANA zone the file's local times (without an offset) are in; required if it has any")
                    @RequestParam(required = false)
                    String timezone,
            @Parameter(description = "true: check and count, store nothing")
                    @RequestParam(name = "dry_run", required = false)
                    String dryRun,
            @Parameter(
                            description =
                                    "A UUID of your choosing, to follow the import at GET /kpi-events/imports/{id} while it runs")
                    @RequestParam(name = "import_id", required = false)
                    String importId)
            throws IOException {
        FieldErrors errors = new FieldErrors();
        ImportPreset chosen = ImportPreset.PRIMETIME;
        if (preset != null && !preset.isBlank()) {
            chosen = ImportPreset.find(preset.strip().toLowerCase(java.util.Locale.ROOT))
                    .orElse(null);
            if (chosen == null) {
                errors.add(
                        "preset",
                        "unknown preset '" + preset
                                + "'; one of primetime, facebook, instagram, youtube, tiktok, custom");
                chosen = ImportPreset.PRIMETIME;
            }
        }
        Map<Target, String> columns = new EnumMap<>(Target.class);
        if (mapping != null) {
            for (String entry : mapping) {
                int colon = entry.indexOf(':');
                if (colon <= 0 || colon == entry.length() - 1) {
                    errors.add("mapping", "'" + entry + "' is not field:Column");
                    continue;
                }
                String field = entry.substring(0, colon).strip();
                Target target = Target.find(field).orElse(null);
                if (target == null) {
                    errors.add("mapping", "unknown field '" + field + "'");
                } else if (columns.put(target, entry.substring(colon + 1).strip()) != null) {
                    errors.add("mapping", "names " + field + " twice");
                }
            }
        }
        if (chosen == ImportPreset.CUSTOM && columns.isEmpty()) {
            errors.add("mapping", "is required with preset=custom");
        }
        Platform fixed = null;
        if (platform != null && !platform.isBlank()) {
            fixed = platforms.find(platform).orElse(null);
            if (fixed == null) {
                errors.add("platform", "unknown platform '" + platform + "'");
            } else if (chosen.platform != null && !chosen.platform.equals(fixed)) {
                errors.add("platform", "the " + chosen.id() + " preset is for " + chosen.platform.id());
            }
        }
        String type = contentType == null || contentType.isBlank() ? null : contentType.strip();
        if (chosen.platform != null && !platforms.contains(chosen.platform)) {
            errors.add("preset", "the " + chosen.id() + " preset's platform is not in the platform catalog");
        }
        Platform typeOf = fixed != null ? fixed : chosen.platform;
        if (type != null && typeOf == null) {
            errors.add("content_type", "needs platform= (or a platform's preset)");
        } else if (type != null && platforms.contentType(typeOf, type).isEmpty()) {
            errors.add("content_type", "'" + type + "' is not a content type of " + typeOf);
        }
        ZoneId zone = timezone == null || timezone.isBlank() ? null : TimeZones.iana(timezone, "timezone", errors);
        boolean dry = false;
        if (dryRun != null && !dryRun.isBlank()) {
            if (!dryRun.equals("true") && !dryRun.equals("false")) {
                errors.add("dry_run", "must be true or false");
            }
            dry = dryRun.equals("true");
        }
        UUID id = null;
        if (importId != null && !importId.isBlank()) {
            try {
                id = UUID.fromString(importId);
            } catch (IllegalArgumentException e) {
                errors.add("import_id", "is not a UUID");
            }
        }
        errors.throwIfAny();
        MediaType mediaType = MediaType.parseMediaType(request.getContentType());
        KpiImportService.Format format =
                mediaType.getSubtype().equals("csv") ? KpiImportService.Format.CSV : KpiImportService.Format.JSON_LINES;
        Charset charset = mediaType.getCharset() == null ? StandardCharsets.UTF_8 : mediaType.getCharset();
        KpiImportViews.Result result = imports.run(
                caller,
                new KpiImportService.Options(chosen, columns, fixed, type, zone, dry, id, format),
                request.getInputStream(),
                charset);
        if (dry) {
            return ResponseEntity.ok(result);
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/scheduling/kpi-events/imports/" + result.id()))
                .body(result);
    }

    @GetMapping("/imports")
    @Operation(summary = "Your latest imports (running ones included), newest first")
    Map<String, List<KpiImportViews.ImportView>> recent(
            Caller caller,
            @Parameter(description = "1–100, default 20") @RequestParam(required = false) Integer limit) {
        int n = limit == null ? 20 : limit;
        if (n < 1 || n > 100) {
            throw ApiException.validation("limit", "must be between 1 and 100");
        }
        return Map.of("data", imports.recent(caller, n));
    }

    @GetMapping("/imports/{id}")
    @Operation(summary = "One import: its progress while it runs, then its outcome")
    KpiImportViews.ImportView one(Caller caller, @PathVariable String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("import");
        }
        return imports.find(caller, uuid).orElseThrow(() -> ApiException.notFound("import"));
    }
}
