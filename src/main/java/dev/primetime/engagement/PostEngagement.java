package dev.primetime.engagement;

import dev.primetime.platform.Platform;
import java.time.Instant;

/**
 * What one post earned, from the latest value of each metric reported for it.
 *
 * @param hourOfWeek the post's local hour of the week in its audience's time zone (Monday 00:00 = 0)
 * @param engagement interactions (likes, comments, shares, saves, clicks) when reported, else views, else
 *     impressions: one comparable number per post for one tenant
 */
public record PostEngagement(
        String post, Platform platform, String contentType, Instant publishedAt, int hourOfWeek, double engagement) {}
