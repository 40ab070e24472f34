package dev.primetime.optimization;

import dev.primetime.calendar.ItemStatus;
import dev.primetime.calendar.ScheduleOptimizationAccess.PlannedItem;
import dev.primetime.calendar.ScheduleOptimizationAccess.PlannedSchedule;
import dev.primetime.calendar.ScheduleStatus;
import dev.primetime.optimization.solver.PlatformRules;
import dev.primetime.optimization.solver.TimeSlot;
import dev.primetime.platform.Platform;
import dev.primetime.platform.WeeklyCurve;
import dev.primetime.recommendation.EngagementForecast;
import dev.primetime.support.SeedPlatforms;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A seeded random optimization problem with a planted plan that keeps every hard rule, built as the service sees a
 * request: a schedule (calendar's types), run settings and engagement forecasts, so {@link ScheduleProblem#build}
 * maps it as it maps a real run. Every constraint type appears: minimum gaps, daily and weekly caps set from the
 * planted plan (tight or with slack), weekly blackouts on day sets and absolute ones, item windows around the planted
 * time, pinned items (by the item's flag and by the request's list), the same content on several platforms with a
 * stagger, and current times stacked on the first day, spread at random, or absent. The horizon crosses a
 * daylight-saving change in a non-UTC zone (or lies in a zone without one), so local days of 23 and 25 hours occur.
 * The instance is not tuned to the solver: the generator knows nothing of it beyond the request's model.
 */
record GeneratedInstance(
        String label,
        long seed,
        ZoneId zone,
        Instant now,
        PlannedSchedule schedule,
        RunSettings settings,
        Map<Platform, EngagementForecast> forecasts,
        Map<UUID, Instant> planted) {

    /** Where movable items stand before the run. */
    enum Start {
        STACKED,
        RANDOM,
        NONE
    }

    private static final List<String> ZONES = List.of(
            "Europe/Berlin",
            "America/New_York",
            "Australia/Sydney",
            "America/Santiago",
            "Europe/London",
            "Asia/Kolkata",
            "Pacific/Auckland",
            "America/Sao_Paulo");

    ScheduleProblem problem() {
        return ScheduleProblem.build(schedule, settings, now, item -> forecasts.get(item.platform()));
    }

    /** The same request with another time limit (the horizon is fixed, so the problem stays the same). */
    GeneratedInstance withTimeLimit(Duration limit) {
        RunSettings s = settings;
        return new GeneratedInstance(
                label,
                seed,
                zone,
                now,
                schedule,
                new RunSettings(
                        s.scheduleId(),
                        s.horizonStart(),
                        s.horizonEnd(),
                        s.granularityMinutes(),
                        limit,
                        s.seed(),
                        s.rules(),
                        s.blackouts(),
                        s.pinnedItemIds(),
                        s.staggerMinutes(),
                        s.objective()),
                forecasts,
                planted);
    }

    /** The same instance with other platform rules (for instances counting proves impossible). */
    GeneratedInstance withRules(Map<Platform, PlatformRules> rules) {
        RunSettings s = settings;
        return new GeneratedInstance(
                label,
                seed,
                zone,
                now,
                schedule,
                new RunSettings(
                        s.scheduleId(),
                        s.horizonStart(),
                        s.horizonEnd(),
                        s.granularityMinutes(),
                        s.timeLimit(),
                        s.seed(),
                        rules,
                        s.blackouts(),
                        s.pinnedItemIds(),
                        s.staggerMinutes(),
                        s.objective()),
                forecasts,
                planted);
    }

    static GeneratedInstance generate(long seed, int items, Start start) {
        // java.util.Random's first draws of nearby seeds are alike: mix the seed first
        Random random = new Random(mix(seed * 1_000_003L + items));
        Random starts = new Random(mix(seed * 1_000_003L + items + 17)); // current times apart: the same instance
        // whatever the start
        ZoneId zone = ZoneId.of(ZONES.get(random.nextInt(ZONES.size())));
        int days = items >= 1000 ? 14 + random.nextInt(15) : 7 + random.nextInt(22);
        int granularity = items > 1000
                ? 60
                : items > 200
                        ? (random.nextBoolean() ? 30 : 60)
                        : List.of(15, 30, 60, 60).get(random.nextInt(4));
        // the horizon starts a few days before the zone's next daylight-saving change (when it has one)
        Instant base = Instant.parse("2026-01-05T00:00:00Z").plus(Duration.ofDays(random.nextInt(330)));
        ZoneOffsetTransition transition = zone.getRules().nextTransition(base);
        LocalDate firstDay = transition == null
                ? LocalDate.ofInstant(base, zone)
                : LocalDate.ofInstant(transition.getInstant(), zone).minusDays(1 + random.nextInt(days - 1));
        Instant horizonStart =
                firstDay.atTime(random.nextInt(9), 0).atZone(zone).toInstant();
        Instant horizonEnd = horizonStart.plus(Duration.ofDays(days));
        Instant now = horizonStart.minus(Duration.ofHours(6 + random.nextInt(48)));
        List<Blackout> blackouts = blackouts(random, horizonStart, days);
        Set<Platform> platformSet = new java.util.TreeSet<>(SeedPlatforms.ORDER);
        int platformCount = items < 50 ? 1 + random.nextInt(4) : 3 + random.nextInt(4);
        List<Platform> all = new ArrayList<>(SeedPlatforms.SIX);
        Collections.shuffle(all, random);
        platformSet.addAll(all.subList(0, platformCount));
        List<Platform> platforms = new ArrayList<>(platformSet);

        // the grid exactly as the service builds it: a problem without items
        UUID scheduleId = new UUID(random.nextLong(), random.nextLong());
        Map<Platform, PlatformRules> loose = new LinkedHashMap<>();
        for (Platform p : SeedPlatforms.SIX) {
            loose.put(p, new PlatformRules(p, 0, Integer.MAX_VALUE, Integer.MAX_VALUE, 0));
        }
        RunSettings gridSettings = new RunSettings(
                scheduleId,
                horizonStart,
                horizonEnd,
                granularity,
                Duration.ofSeconds(2),
                seed,
                loose,
                blackouts,
                Set.of(),
                0,
                java.util.Optional.empty());
        List<TimeSlot> grid = ScheduleProblem.build(
                        new PlannedSchedule(scheduleId, zone, ScheduleStatus.PENDING, List.of()),
                        gridSettings,
                        now,
                        i -> null)
                .solution
                .slots();
        List<TimeSlot> open = grid.stream().filter(s -> !s.blackout()).toList();

        // items per platform: uneven shares
        double[] share = new double[platforms.size()];
        double sum = 0;
        for (int k = 0; k < share.length; k++) {
            share[k] = 0.3 + random.nextDouble();
            sum += share[k];
        }
        Map<Platform, Integer> counts = new LinkedHashMap<>();
        int assigned = 0;
        for (int k = 0; k < platforms.size(); k++) {
            int c = k == platforms.size() - 1 ? items - assigned : (int) Math.round(items * share[k] / sum);
            c = Math.max(0, Math.min(c, items - assigned));
            counts.put(platforms.get(k), c);
            assigned += c;
        }

        // plant each platform's posts with a gap it can hold, then set the caps from the planted plan
        Map<Platform, PlatformRules> rules = new LinkedHashMap<>();
        Map<Platform, List<TimeSlot>> plantedSlots = new LinkedHashMap<>();
        for (Platform p : SeedPlatforms.SIX) {
            rules.put(p, new PlatformRules(p, 0, Integer.MAX_VALUE, Integer.MAX_VALUE, 0));
        }
        for (Map.Entry<Platform, Integer> e : counts.entrySet()) {
            int n = e.getValue();
            List<Integer> gaps = new ArrayList<>();
            for (int g : new int[] {0, granularity, 2 * granularity, 120, 180, 240, 360}) {
                if (!gaps.contains(g) && (g == 0 || maxSpaced(open, g) >= n * (1.05 + 0.5 * random.nextDouble()))) {
                    gaps.add(g);
                }
            }
            // mostly the largest gap the load allows, sometimes a smaller one
            int gap = random.nextInt(3) == 0 ? gaps.get(random.nextInt(gaps.size())) : gaps.getLast();
            List<TimeSlot> slots = plant(open, n, gap, random);
            plantedSlots.put(e.getKey(), slots);
            Map<Long, Integer> perDay = new HashMap<>();
            Map<Long, Integer> perWeek = new HashMap<>();
            slots.forEach(s -> {
                perDay.merge(s.day(), 1, Integer::sum);
                perWeek.merge(s.week(), 1, Integer::sum);
            });
            int dayCap = capFrom(perDay, random);
            int weekCap = capFrom(perWeek, random);
            int ideal = Math.max(
                    gap, weekCap == 0 || weekCap == Integer.MAX_VALUE ? gap : RunSettings.MINUTES_PER_WEEK / weekCap);
            rules.put(e.getKey(), new PlatformRules(e.getKey(), gap, dayCap, weekCap, ideal));
        }

        // items, each at its planted slot; content shared across platforms where the planted times allow the stagger
        int stagger = List.of(0, 30, 60, 60, 120).get(random.nextInt(5));
        List<Platform> itemPlatform = new ArrayList<>();
        List<TimeSlot> itemSlot = new ArrayList<>();
        plantedSlots.forEach((p, slots) -> slots.forEach(s -> {
            itemPlatform.add(p);
            itemSlot.add(s);
        }));
        String[] content = new String[itemSlot.size()];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < content.length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        Map<String, List<Integer>> members = new HashMap<>();
        for (int i : order) {
            if (content[i] != null) {
                continue;
            }
            content[i] = "content-" + i;
            members.put(content[i], new ArrayList<>(List.of(i)));
            if (random.nextInt(3) == 0) { // share it with up to two items of other platforms
                for (int tries = 0; tries < 6 && members.get(content[i]).size() < 3; tries++) {
                    int j = order.get(random.nextInt(order.size()));
                    if (content[j] != null) {
                        continue;
                    }
                    boolean fits = true;
                    for (int m : members.get(content[i])) {
                        fits &= itemPlatform.get(m) != itemPlatform.get(j)
                                && Math.abs(itemSlot.get(m).minute()
                                                - itemSlot.get(j).minute())
                                        >= stagger;
                    }
                    if (fits) {
                        content[j] = content[i];
                        members.get(content[i]).add(j);
                    }
                }
            }
        }
        List<PlannedItem> plannedItems = new ArrayList<>();
        Map<UUID, Instant> planted = new LinkedHashMap<>();
        Set<UUID> pinnedByRequest = new HashSet<>();
        Instant stackedAt =
                grid.get(Math.min(grid.size() - 1, 8 * 60 / granularity)).start();
        for (int i = 0; i < content.length; i++) {
            UUID id = new UUID(random.nextLong(), random.nextLong());
            Instant at = itemSlot.get(i).start();
            planted.put(id, at);
            boolean pinned = random.nextInt(40) == 0;
            if (!pinned && random.nextInt(60) == 0) {
                pinnedByRequest.add(id);
            }
            Instant earliest = null;
            Instant latest = null;
            if (!pinned && random.nextInt(10) < 3) {
                long before = random.nextInt(3) == 0 ? 0 : random.nextInt(3 * 24 * 60);
                long after = random.nextInt(3) == 0 ? granularity : random.nextInt(3 * 24 * 60);
                earliest = at.minus(Duration.ofMinutes(before));
                latest = at.plus(Duration.ofMinutes(after));
            }
            Instant current;
            if (pinned || pinnedByRequest.contains(id)) {
                current = at;
            } else {
                current = switch (start) {
                    case STACKED -> stackedAt;
                    case RANDOM -> grid.get(starts.nextInt(grid.size())).start();
                    case NONE -> null;
                };
            }
            plannedItems.add(new PlannedItem(
                    id,
                    content[i],
                    itemPlatform.get(i),
                    "post",
                    current,
                    earliest,
                    latest,
                    random.nextInt(101),
                    pinned,
                    random.nextBoolean() ? ItemStatus.PENDING : ItemStatus.SCHEDULED,
                    1));
        }
        Collections.shuffle(plannedItems, random);
        Map<Platform, EngagementForecast> forecasts = new LinkedHashMap<>();
        for (Platform p : SeedPlatforms.SIX) {
            forecasts.put(p, forecast(p, random, zone));
        }
        RunSettings settings = new RunSettings(
                scheduleId,
                horizonStart,
                horizonEnd,
                granularity,
                Duration.ofSeconds(2),
                seed,
                rules,
                blackouts,
                Set.copyOf(pinnedByRequest),
                stagger,
                java.util.Optional.empty());
        String label =
                String.format("seed=%d items=%d %s %dd/%dmin %s", seed, items, zone.getId(), days, granularity, start);
        return new GeneratedInstance(
                label,
                seed,
                zone,
                now,
                new PlannedSchedule(scheduleId, zone, ScheduleStatus.PENDING, plannedItems),
                settings,
                forecasts,
                planted);
    }

    /** A 64-bit finalizer (SplitMix64's): nearby inputs give unrelated outputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The most posts {@code gap} apart among the open slots (earliest first is optimal). */
    private static int maxSpaced(List<TimeSlot> open, int gap) {
        int n = 0;
        long last = Long.MIN_VALUE / 2;
        for (TimeSlot s : open) {
            if (s.minute() - last >= gap) {
                n++;
                last = s.minute();
            }
        }
        return n;
    }

    /** {@code n} open slots at random, pairwise at least {@code gap} apart (0: any, repeats allowed). */
    private static List<TimeSlot> plant(List<TimeSlot> open, int n, int gap, Random random) {
        List<TimeSlot> chosen = new ArrayList<>();
        if (gap == 0) {
            for (int i = 0; i < n; i++) {
                chosen.add(open.get(random.nextInt(open.size())));
            }
            return chosen;
        }
        // random order, each taken when it keeps the gap; the ones left over fill in earliest-first
        TreeMap<Long, TimeSlot> taken = new TreeMap<>();
        List<TimeSlot> shuffled = new ArrayList<>(open);
        Collections.shuffle(shuffled, random);
        for (TimeSlot s : shuffled) {
            if (taken.size() >= n) {
                break;
            }
            if (fits(taken, s, gap)) {
                taken.put(s.minute(), s);
            }
        }
        if (taken.size() < n) { // random order left too little room: earliest-first is optimal
            taken.clear();
            for (TimeSlot s : open) {
                if (taken.size() < n && fits(taken, s, gap)) {
                    taken.put(s.minute(), s);
                }
            }
        }
        chosen.addAll(taken.values());
        return chosen;
    }

    private static boolean fits(TreeMap<Long, TimeSlot> taken, TimeSlot s, int gap) {
        Long below = taken.floorKey(s.minute());
        Long above = taken.ceilingKey(s.minute());
        return (below == null || s.minute() - below >= gap) && (above == null || above - s.minute() >= gap);
    }

    /** A cap the planted plan meets: tight (its busiest period) in a third of the draws, else with slack or none. */
    private static int capFrom(Map<Long, Integer> perPeriod, Random random) {
        int busiest =
                perPeriod.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return switch (random.nextInt(6)) {
            case 0, 1 -> Math.max(1, busiest);
            case 2, 3 -> busiest + 1;
            case 4 -> busiest + 1 + busiest / 3;
            default -> Integer.MAX_VALUE;
        };
    }

    private static List<Blackout> blackouts(Random random, Instant horizonStart, int days) {
        List<Blackout> list = new ArrayList<>();
        Set<DayOfWeek> everyDay = EnumSet.allOf(DayOfWeek.class);
        // nights, on every day or on a random set of days
        Set<DayOfWeek> nights = random.nextInt(3) == 0 ? randomDays(random) : everyDay;
        list.add(new Blackout.Weekly(
                nights, LocalTime.of(21 + random.nextInt(3), 0), LocalTime.of(5 + random.nextInt(3), 0)));
        if (random.nextBoolean()) { // weekend mornings
            list.add(new Blackout.Weekly(
                    EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.of(7, 0), LocalTime.of(10, 30)));
        }
        if (random.nextBoolean()) { // a lunch hour on some days
            list.add(new Blackout.Weekly(randomDays(random), LocalTime.of(12, 0), LocalTime.of(13, 0)));
        }
        if (random.nextInt(3) == 0) { // one absolute range inside the horizon
            Instant from = horizonStart
                    .plus(Duration.ofHours(random.nextInt(days * 24)))
                    .truncatedTo(ChronoUnit.HOURS);
            list.add(new Blackout.Range(from, from.plus(Duration.ofHours(2 + random.nextInt(10)))));
        }
        return list;
    }

    private static Set<DayOfWeek> randomDays(Random random) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (random.nextInt(2) == 0) {
                days.add(d);
            }
        }
        if (days.isEmpty()) {
            days.add(DayOfWeek.of(1 + random.nextInt(7)));
        }
        return days;
    }

    /** A smooth weekly curve: one daily peak, weekdays and weekends apart, values 0.1–1. */
    private static EngagementForecast forecast(Platform platform, Random random, ZoneId zone) {
        double[] values = new double[WeeklyCurve.SLOTS];
        double peak = 7 + random.nextDouble() * 14;
        double width = 2 + random.nextDouble() * 4;
        double weekend = 0.6 + random.nextDouble() * 0.6;
        for (int slot = 0; slot < values.length; slot++) {
            int day = slot / 24;
            int hour = slot % 24;
            double distance = Math.min(Math.abs(hour - peak), 24 - Math.abs(hour - peak));
            double daily = Math.exp(-distance * distance / (2 * width * width));
            values[slot] = Math.min(1.0, (0.1 + 0.9 * daily) * (day >= 5 ? weekend : 1.0));
        }
        WeeklyCurve curve = WeeklyCurve.of(values);
        // read in the schedule's zone, as the service reads a forecast in the audience's
        return new EngagementForecast(
                platform, "post", zone, dev.primetime.engagement.Objective.INTERACTIONS, curve, curve, curve, curve, 0);
    }

    /** The planted plan's local days, to show how a horizon crosses a change of offset (23 or 25 hours). */
    static boolean crossesOffsetChange(ZoneId zone, Instant start, Instant end) {
        ZonedDateTime a = start.atZone(zone);
        ZonedDateTime b = end.atZone(zone);
        return !a.getOffset().equals(b.getOffset());
    }
}
