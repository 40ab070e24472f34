package dev.primetime.platform;

import java.util.List;

/**
 * What the platform endpoints answer (the module convention: {@code <Subject>Requests} in, {@code <Subject>Views}
 * out; these endpoints read nothing but the path).
 */
final class PlatformViews {
    private PlatformViews() {}

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

            @io.swagger.v3.oas.annotations.media.Schema(description = "A badge of up to 3 characters (the web page's)")
            String shortName,

            @io.swagger.v3.oas.annotations.media.Schema(description = "Other names requests may use, such as x")
            List<String> aliases,

            List<String> contentTypes,
            String bestTimes,
            String frequency,

            @io.swagger.v3.oas.annotations.media.Schema(
                    description = "The published studies the prior curves follow, or why there is none and what the"
                            + " prior is then")
            String priorSource,

            List<ContentTypeView> contentTypeDetails) {}

    record PlatformList(List<PlatformView> data) {}
}
