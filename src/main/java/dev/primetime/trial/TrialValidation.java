package dev.primetime.trial;

import dev.primetime.calendar.CalendarItems;
import dev.primetime.platform.ContentTypeProfile;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.tenancy.Caller;
import dev.primetime.trial.TrialRequests.CreateTrial;
import dev.primetime.trial.TrialRequests.VariantRequest;
import dev.primetime.trial.TrialRequests.WeeklySlot;
import dev.primetime.trial.TrialStore.TrialRow;
import dev.primetime.web.ApiException;
import dev.primetime.web.FieldErrors;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Every input rule of the trial endpoints; a request that breaks any gets all its field errors at once. */
@Component
class TrialValidation {
    static final int MAX_ASSIGN = 500;
    private static final int MIN_VARIANTS = 2;
    private static final int MAX_VARIANTS = 6;
    private static final int MAX_SLOTS = 50;
    private static final int DEFAULT_MIN_POSTS = 10;
    private static final double DEFAULT_MIN_LIFT = 0.05;
    private static final Map<String, String> DAYS = days();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);

    private final CalendarItems items;
    private final PlatformCatalog platforms;

    TrialValidation(CalendarItems items, PlatformCatalog platforms) {
        this.items = items;
        this.platforms = platforms;
    }

    /** A trial to start, every field checked and defaulted. */
    record NewTrial(
            String name,
            Platform platform,
            String contentType,
            List<VariantRequest> variants,
            TrialMetric metric,
            Allocation allocation,
            int minPostsPerVariant,
            double minLift) {}

    NewTrial newTrial(CreateTrial request) {
        FieldErrors errors = new FieldErrors();
        String name = request.name() == null ? null : request.name().strip();
        if (name == null || name.isEmpty()) {
            errors.add("name", "is required");
        } else if (name.length() > 200) {
            errors.add("name", "at most 200 characters");
        }
        Platform platform = null;
        if (request.platform() == null) {
            errors.add("platform", "is required");
        } else {
            platform = platforms.find(request.platform()).orElse(null);
            if (platform == null) {
                errors.add("platform", "must be one of " + platforms.choices());
            }
        }
        String contentType = request.contentType();
        if (platform != null) {
            if (contentType == null) {
                contentType = platforms.profile(platform).defaultContentType().contentType();
            } else if (platforms.contentType(platform, contentType).isEmpty()) {
                errors.add(
                        "content_type",
                        "must be one of "
                                + platforms.profile(platform).contentTypes().stream()
                                        .map(ContentTypeProfile::contentType)
                                        .toList());
            }
        }
        List<VariantRequest> variants = variants(request.variants(), errors);
        TrialMetric metric = null;
        if (request.metric() == null) {
            errors.add("metric", "is required");
        } else {
            metric = TrialMetric.find(request.metric()).orElse(null);
            if (metric == null) {
                errors.add("metric", "must be one of " + TrialMetric.ids());
            }
        }
        Allocation allocation = Allocation.THOMPSON;
        if (request.allocation() != null) {
            allocation = Allocation.find(request.allocation()).orElse(null);
            if (allocation == null) {
                errors.add("allocation", "must be thompson or uniform");
            }
        }
        int minPosts = request.minPostsPerVariant() == null ? DEFAULT_MIN_POSTS : request.minPostsPerVariant();
        if (minPosts < 2 || minPosts > 10_000) {
            errors.add("min_posts_per_variant", "must be between 2 and 10000");
        }
        double minLift = request.minLift() == null ? DEFAULT_MIN_LIFT : request.minLift();
        if (!(minLift > 0 && minLift <= 1)) {
            errors.add("min_lift", "must be greater than 0 and at most 1");
        }
        errors.throwIfAny();
        return new NewTrial(name, platform, contentType, variants, metric, allocation, minPosts, minLift);
    }

    /** The rules that need no trial: something to place, and not too much. Throws at once when too much. */
    FieldErrors assignShape(List<String> itemIds, List<String> contentIds) {
        FieldErrors errors = new FieldErrors();
        if (itemIds.isEmpty() && contentIds.isEmpty()) {
            errors.add("item_ids", "give at least one item id or content id");
        }
        if (itemIds.size() + contentIds.size() > MAX_ASSIGN) {
            errors.add("item_ids", "at most " + MAX_ASSIGN + " posts per request");
            errors.throwIfAny();
        }
        return errors;
    }

    /**
     * The items to place, each the caller's and of the trial's platform and content type, and the content ids' rules;
     * throws with {@code errors} and every new one when any rule is broken.
     */
    List<UUID> postsToAssign(
            Caller caller, TrialRow trial, List<String> itemIds, List<String> contentIds, FieldErrors errors) {
        List<UUID> itemUuids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < itemIds.size(); i++) {
            String raw = itemIds.get(i);
            UUID itemId = parseUuid(raw);
            if (itemId == null) {
                errors.add("item_ids[" + i + "]", "must be a schedule item id");
                continue;
            }
            if (!seen.add("item:" + itemId)) {
                errors.add("item_ids[" + i + "]", "is listed twice");
                continue;
            }
            var facts = items.find(caller, itemId).orElse(null);
            if (facts == null) {
                errors.add("item_ids[" + i + "]", "no such schedule item");
            } else if (!facts.platform().equals(trial.platform())
                    || !facts.contentType().equals(trial.contentType())) {
                errors.add(
                        "item_ids[" + i + "]",
                        "the item is a " + facts.platform() + " " + facts.contentType() + ", the trial is for "
                                + trial.platform() + " " + trial.contentType());
            } else {
                itemUuids.add(itemId);
            }
        }
        for (int i = 0; i < contentIds.size(); i++) {
            String c = contentIds.get(i);
            if (c == null || c.isBlank() || c.length() > 200) {
                errors.add("content_ids[" + i + "]", "must be 1 to 200 characters");
            } else if (!seen.add("content:" + c)) {
                errors.add("content_ids[" + i + "]", "is listed twice");
            }
        }
        errors.throwIfAny();
        return itemUuids;
    }

    /** A trial id from the path; anything that is not one is a trial that does not exist. */
    static UUID trialId(String id) {
        UUID uuid = parseUuid(id);
        if (uuid == null) {
            throw ApiException.notFound("trial");
        }
        return uuid;
    }

    private static List<VariantRequest> variants(List<VariantRequest> requested, FieldErrors errors) {
        if (requested == null) {
            errors.add("variants", "is required");
            return List.of();
        }
        if (requested.size() < MIN_VARIANTS || requested.size() > MAX_VARIANTS) {
            errors.add("variants", "must have 2 to 6 variants, got " + requested.size());
            return List.of();
        }
        List<VariantRequest> out = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String at = "variants[" + i + "].";
            VariantRequest v = requested.get(i);
            if (v == null) {
                errors.add("variants[" + i + "]", "must be an object");
                continue;
            }
            String label = v.label() == null ? null : v.label().strip();
            if (label == null || label.isEmpty() || label.length() > 50) {
                errors.add(at + "label", "must be 1 to 50 characters");
            } else if (!labels.add(label)) {
                errors.add(at + "label", "'" + label + "' is used by another variant");
            }
            out.add(new VariantRequest(label, weeklySlots(v.weeklySlots(), at, errors)));
        }
        return out;
    }

    private static List<WeeklySlot> weeklySlots(List<WeeklySlot> requested, String at, FieldErrors errors) {
        List<WeeklySlot> slots = new ArrayList<>();
        if (requested == null || requested.isEmpty()) {
            errors.add(at + "weekly_slots", "needs at least one {day, time}");
        } else if (requested.size() > MAX_SLOTS) {
            errors.add(at + "weekly_slots", "at most " + MAX_SLOTS + " slots");
        } else {
            for (int j = 0; j < requested.size(); j++) {
                WeeklySlot slot = requested.get(j);
                String where = at + "weekly_slots[" + j + "].";
                if (slot == null) {
                    errors.add(at + "weekly_slots[" + j + "]", "must be an object");
                    continue;
                }
                String day = slot.day() == null ? null : DAYS.get(slot.day().toLowerCase(Locale.ROOT));
                if (day == null) {
                    errors.add(where + "day", "must be mon, tue, wed, thu, fri, sat or sun");
                }
                LocalTime time = null;
                try {
                    time = slot.time() == null ? null : LocalTime.parse(slot.time(), TIME);
                } catch (DateTimeParseException e) {
                    time = null;
                }
                if (time == null) {
                    errors.add(where + "time", "must be a local time HH:MM");
                }
                if (day != null && time != null) {
                    slots.add(new WeeklySlot(day, TIME.format(time)));
                }
            }
        }
        return slots;
    }

    private static Map<String, String> days() {
        Map<String, String> days = new HashMap<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.name().toLowerCase(Locale.ROOT);
            days.put(full, full.substring(0, 3));
            days.put(full.substring(0, 3), full.substring(0, 3));
        }
        return days;
    }

    private static UUID parseUuid(String raw) {
        if (raw == null || raw.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
