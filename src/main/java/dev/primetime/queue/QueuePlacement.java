package dev.primetime.queue;

import dev.primetime.calendar.ItemPlacement;
import dev.primetime.platform.ContentTypeProfile;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.recommendation.EngagementForecast;
import dev.primetime.recommendation.EngagementModel;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import dev.primetime.web.ApiException;
import dev.primetime.web.FieldErrors;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Places items by queue or at the best free time; the calendar calls it through {@link ItemPlacement}. */
@Component
class QueuePlacement implements ItemPlacement {
    /** How far ahead a queue placement looks for a free slot. */
    static final Duration QUEUE_HORIZON = Duration.ofDays(366);
    /** The window of a "best" placement without not_after. */
    static final Duration BEST_WINDOW = Duration.ofDays(14);
    /** Minutes between the same content on two platforms, as the optimizer's default. */
    static final int STAGGER_MINUTES = 60;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT);

    private final TenantTransactions transactions;
    private final QueueStore store;
    private final EngagementModel model;
    private final PlatformCatalog platforms;

    QueuePlacement(
            TenantTransactions transactions, QueueStore store, EngagementModel model, PlatformCatalog platforms) {
        this.transactions = transactions;
        this.store = store;
        this.model = model;
        this.platforms = platforms;
    }

    @Override
    public Placer prepare(Caller caller, ZoneId scheduleZone, List<Wanted> wanted) {
        Set<Platform> queued = new HashSet<>();
        boolean best = false;
        for (Wanted w : wanted) {
            if (w.kind() == Kind.QUEUE) {
                queued.add(w.platform());
            } else {
                best = true;
            }
        }
        Map<Platform, PostingQueue> queues = new HashMap<>();
        if (!queued.isEmpty()) {
            transactions.read(caller, jdbc -> {
                for (Platform p : queued) {
                    store.find(jdbc, p).ifPresent(q -> queues.put(p, q));
                }
                return null;
            });
        }
        FieldErrors errors = new FieldErrors();
        for (Wanted w : wanted) {
            if (w.kind() == Kind.QUEUE && !queues.containsKey(w.platform())) {
                errors.add(
                        w.field() + ".placement",
                        "no posting queue for " + w.platform().id() + "; create one with PUT /queues/"
                                + w.platform().id() + ", or use placement best or a scheduled_time");
            }
        }
        errors.throwIfAny();
        EngagementModel.ScheduleForecasts forecasts =
                best ? model.forSchedule(caller, scheduleZone, Optional.empty()) : null;
        Map<String, EngagementForecast> byType = new HashMap<>();
        return (w, calendar, now) -> switch (w.kind()) {
            case QUEUE -> byQueue(w, queues.get(w.platform()), calendar, now);
            case BEST ->
                best(
                        w,
                        byType.computeIfAbsent(
                                w.platform().id() + "/" + w.contentType(),
                                k -> forecasts.forecast(w.platform(), w.contentType())),
                        calendar,
                        now);
        };
    }

    private static Placed byQueue(Wanted w, PostingQueue queue, Calendar calendar, Instant now) {
        Instant from = w.notBefore() == null || w.notBefore().isBefore(now) ? now : w.notBefore();
        Instant to =
                w.notAfter() == null ? from.plus(QUEUE_HORIZON) : w.notAfter().plusNanos(1);
        Set<Instant> taken = new HashSet<>();
        calendar.taken(w.platform(), from, to).forEach(t -> taken.add(t.at()));
        int skipped = 0;
        for (Instant slot : QueueSlot.between(queue.slots(), queue.zone(), from, to)) {
            if (taken.contains(slot)) {
                skipped++;
                continue;
            }
            return new Placed(
                    slot,
                    "the first free slot of the " + w.platform().id() + " queue: "
                            + WHEN.format(slot.atZone(queue.zone()))
                            + " " + queue.zone().getId()
                            + (skipped == 0
                                    ? ""
                                    : " (" + skipped + " earlier " + (skipped == 1 ? "slot" : "slots") + " taken)"));
        }
        throw ApiException.validation(
                w.field() + ".placement",
                "every slot of the " + w.platform().id() + " queue from " + from + " to " + to.minusNanos(1)
                        + " is taken");
    }

    private Placed best(Wanted w, EngagementForecast forecast, Calendar calendar, Instant now) {
        Instant from = w.notBefore() == null || w.notBefore().isBefore(now) ? now : w.notBefore();
        Instant to = w.notAfter() == null ? from.plus(BEST_WINDOW) : w.notAfter();
        BestTime.Rules rules = rules(w.platform(), forecast.zone());
        Duration reach = rules.reach();
        List<Instant> platform = calendar.taken(w.platform(), from.minus(reach), to.plus(reach)).stream()
                .map(Taken::at)
                .toList();
        List<Instant> content = calendar.sameContent(w.contentId(), from.minus(reach), to.plus(reach)).stream()
                .filter(t -> !t.platform().equals(w.platform()))
                .map(Taken::at)
                .toList();
        BestTime.Choice choice = BestTime.choose(from, to, forecast::expectedAt, rules, platform, content)
                .orElseThrow(() -> ApiException.validation(
                        w.field() + ".placement",
                        "no time from " + from + " to " + to + " keeps " + describe(rules) + " on "
                                + w.platform().id()));
        return new Placed(
                choice.at(),
                String.format(
                        Locale.ROOT,
                        "the best of %d free times from %s to %s: expected %s %.3g at %s %s (%s); keeps %s",
                        choice.freeTimes(),
                        from,
                        to,
                        forecast.objective().id(),
                        choice.expected(),
                        WHEN.format(choice.at().atZone(forecast.zone())),
                        forecast.zone().getId(),
                        forecast.observations() == 0
                                ? "platform defaults"
                                : "your history of " + forecast.observations() + " posts",
                        describe(rules)));
    }

    /** The platform's rules from the seed table, as the optimizer reads them by default. */
    BestTime.Rules rules(Platform platform, ZoneId zone) {
        List<ContentTypeProfile> types = platforms.profile(platform).contentTypes();
        int gap = types.stream()
                .mapToInt(ContentTypeProfile::minSpacingMinutes)
                .min()
                .orElse(0);
        int week = types.stream().mapToInt(ContentTypeProfile::maxPerWeek).max().orElse(Integer.MAX_VALUE);
        return new BestTime.Rules(gap, week, Integer.MAX_VALUE, STAGGER_MINUTES, zone);
    }

    private static String describe(BestTime.Rules rules) {
        return "a " + rules.minGapMinutes() + "-minute gap, at most " + rules.maxPerWeek() + " a week ("
                + rules.zone().getId() + ")"
                + (rules.maxPerDay() == Integer.MAX_VALUE ? "" : ", at most " + rules.maxPerDay() + " a day")
                + " and a " + rules.staggerMinutes() + "-minute stagger from the same content elsewhere";
    }
}
