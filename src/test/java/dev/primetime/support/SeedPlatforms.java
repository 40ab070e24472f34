package dev.primetime.support;

import dev.primetime.platform.Platform;
import java.util.Comparator;
import java.util.List;

/**
 * The seed's six platforms in the order the enum had them, for tests that build problems without a database (the
 * service itself takes its platforms from the catalog).
 */
public final class SeedPlatforms {
    public static final List<Platform> SIX = List.of(
            Platform.of("youtube"),
            Platform.of("tiktok"),
            Platform.of("instagram"),
            Platform.of("linkedin"),
            Platform.of("twitter"),
            Platform.of("facebook"));

    /** The seed's order, as the enum's was. */
    public static final Comparator<Platform> ORDER = Comparator.comparingInt(SIX::indexOf);

    private SeedPlatforms() {}
}
