package dev.primetime.engagement;

import java.util.UUID;

/**
 * Posts counted together as one, for a reader that groups posts its own way (a trial's assignment): one schedule
 * item's, or one content's (see {@link EngagementHistory#latestPerGroup}). Exactly one of the two is set.
 */
public record PostGroup(UUID itemId, String contentId) {

    public PostGroup {
        if ((itemId == null) == (contentId == null)) {
            throw new IllegalArgumentException("a post group is an item or a content, not both nor neither");
        }
    }

    public static PostGroup item(UUID itemId) {
        return new PostGroup(itemId, null);
    }

    public static PostGroup content(String contentId) {
        return new PostGroup(null, contentId);
    }
}
