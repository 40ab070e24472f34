package dev.primetime.platform;

import dev.primetime.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The seed's platform table as JSON. */
@RestController
@Tag(name = "utility")
class PlatformController {
    private final PlatformCatalog catalog;

    PlatformController(PlatformCatalog catalog) {
        this.catalog = catalog;
    }

    record WindowView(List<String> days, String start, String end, double weight) {}

    record ContentTypeView(
            String contentType,
            String displayName,
            int minPerWeek,
            int maxPerWeek,
            int minSpacingMinutes,
            List<WindowView> postingWindows,

            @io.swagger.v3.oas.annotations.media.Schema(
                    description = "168 values of relative expected engagement, Monday 00:00 local first")
            double[] hourOfWeekCurve) {}

    record PlatformView(
            String platform,
            String displayName,
            List<String> contentTypes,
            String bestTimes,
            String frequency,
            List<ContentTypeView> contentTypeDetails) {}

    record PlatformList(List<PlatformView> data) {}

    @GetMapping("/api/v1/scheduling/platforms")
    @Operation(summary = "The supported platforms, their content types, indicative best times and frequency")
    PlatformList platforms() {
        return new PlatformList(
                catalog.all().stream().map(PlatformController::view).toList());
    }

    @GetMapping("/api/v1/scheduling/platforms/{platform}")
    @Operation(summary = "One platform (x is accepted for twitter)")
    PlatformView platform(@PathVariable String platform) {
        Platform p = Platform.find(platform).orElseThrow(() -> ApiException.notFound("platform '" + platform + "'"));
        return view(catalog.profile(p));
    }

    private static PlatformView view(PlatformProfile profile) {
        return new PlatformView(
                profile.platform().id(),
                profile.displayName(),
                profile.contentTypes().stream()
                        .map(ContentTypeProfile::contentType)
                        .toList(),
                profile.bestTimes(),
                profile.frequency(),
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
