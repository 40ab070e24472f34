package dev.primetime.platform;

import dev.primetime.platform.PlatformViews.ContentTypeView;
import dev.primetime.platform.PlatformViews.PlatformList;
import dev.primetime.platform.PlatformViews.PlatformView;
import dev.primetime.platform.PlatformViews.WindowView;
import dev.primetime.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The seed's platform table as JSON, from the platform catalog. */
@RestController
@Tag(name = "utility")
class PlatformController {
    private final PlatformCatalog catalog;

    PlatformController(PlatformCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/v1/scheduling/platforms")
    @Operation(
            summary = "The supported platforms, their content types, indicative best times and frequency",
            description = "The platform catalog (docs/ADDING_A_PLATFORM.md): operators add platforms with SQL; each"
                    + " instance reads the catalog again every few seconds")
    PlatformList platforms() {
        return new PlatformList(
                catalog.all().stream().map(PlatformController::view).toList());
    }

    @GetMapping("/api/v1/scheduling/platforms/{platform}")
    @Operation(summary = "One platform, by its id or one of its aliases (x for twitter)")
    PlatformView platform(@PathVariable String platform) {
        Platform p = catalog.find(platform).orElseThrow(() -> ApiException.notFound("platform '" + platform + "'"));
        return view(catalog.profile(p));
    }

    private static PlatformView view(PlatformProfile profile) {
        return new PlatformView(
                profile.platform().id(),
                profile.displayName(),
                profile.shortName(),
                profile.aliases(),
                profile.contentTypes().stream()
                        .map(ContentTypeProfile::contentType)
                        .toList(),
                profile.bestTimes(),
                profile.frequency(),
                profile.priorSource(),
                profile.contentTypes().stream()
                        .map(c -> new ContentTypeView(
                                c.contentType(),
                                c.displayName(),
                                c.minPerWeek(),
                                c.maxPerWeek(),
                                c.minSpacingMinutes(),
                                c.windows().stream()
                                        .map(w -> new WindowView(
                                                w.days().stream()
                                                        .sorted()
                                                        .map(PlatformController::day)
                                                        .toList(),
                                                w.start().toString(),
                                                w.end().toString(),
                                                w.weight()))
                                        .toList(),
                                c.hourOfWeekCurve().toArray()))
                        .toList());
    }

    private static String day(DayOfWeek d) {
        return d.getDisplayName(TextStyle.SHORT, Locale.ROOT).toLowerCase(Locale.ROOT);
    }
}
