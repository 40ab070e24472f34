package dev.primetime.optimization;

import static dev.primetime.optimization.solver.PostBuilder.aPost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.optimization.solver.PlatformRules;
import dev.primetime.optimization.solver.Post;
import dev.primetime.optimization.solver.ScheduleSolution;
import dev.primetime.optimization.solver.SmallProblems;
import dev.primetime.optimization.solver.TimeSlot;
import dev.primetime.platform.Platform;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CountingProofTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");

    /** A proof is only a proof if no plan exists: small problems solved by trying every placement. */
    @Test
    void everyCertificateIsOfAProblemWithoutAnyFeasiblePlacement() {
        int proven = 0;
        int infeasible = 0;
        for (int seed = 0; seed < 1500; seed++) {
            SmallProblems.Problem problem = SmallProblems.random(new Random(seed));
            boolean none = SmallProblems.optimum(problem.solution()) == Long.MIN_VALUE;
            List<CountingProof.Certificate> certificates = CountingProof.find(problem.solution());
            if (none) {
                infeasible++;
            }
            if (!certificates.isEmpty()) {
                proven++;
                assertThat(none).as("seed %d: %s", seed, certificates).isTrue();
                for (CountingProof.Certificate c : certificates) {
                    assertThat((long) c.items().size()).isGreaterThan(c.room());
                }
            }
        }
        // it proves a good share of the impossible ones (the rest, e.g. stagger between movable items, it leaves
        // to the search, which then says only that it found nothing)
        assertThat(proven).isGreaterThan(infeasible / 3);
    }

    @Test
    void itemsWhoseWindowsFitOneDayOverItsCapAreNamedWithTheCap() {
        PlatformRules youtube = new PlatformRules(Platform.of("youtube"), 60, 3, 20, 120);
        List<TimeSlot> grid = grid(7 * 24);
        List<Post> posts = new ArrayList<>();
        for (int k = 0; k < 4; k++) { // four items that must go out on Tuesday, a cap of three a day
            posts.add(post("tuesday-" + k, youtube, grid, 24 + 8, 24 + 20));
        }
        for (int k = 0; k < 5; k++) {
            posts.add(post("any-" + k, youtube, grid, 0, 7 * 24 - 1));
        }

        List<CountingProof.Certificate> found = CountingProof.find(new ScheduleSolution(grid, List.of(youtube), posts));

        assertThat(found).hasSize(1);
        CountingProof.Certificate c = found.getFirst();
        assertThat(c.items()).containsExactly("tuesday-0", "tuesday-1", "tuesday-2", "tuesday-3");
        assertThat(c.room()).isEqualTo(3);
        assertThat(c.binding()).containsExactly("max_per_day");
        assertThat(c.describe(BERLIN))
                .startsWith("max_per_day for youtube: 4 movable items (tuesday-0, tuesday-1, tuesday-2, tuesday-3)")
                .contains("between 2026-03-03T09:00+01:00 and 2026-03-03T21:00+01:00")
                .contains("room for 3 posts at most");
    }

    @Test
    void theGapAndTheCapsTogetherAreCountedAtOnce() {
        // six items in a 5-hour window, a gap of 60 minutes: 6 slots but with the gap... hourly slots 0..5 fit six;
        // with a gap of 120 minutes only three; no cap binds alone
        PlatformRules tiktok = new PlatformRules(Platform.of("tiktok"), 120, 10, 50, 120);
        List<TimeSlot> grid = grid(48);
        List<Post> posts = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            posts.add(post("w-" + k, tiktok, grid, 10, 15));
        }

        List<CountingProof.Certificate> found = CountingProof.find(new ScheduleSolution(grid, List.of(tiktok), posts));

        assertThat(found).hasSize(1);
        assertThat(found.getFirst().room()).isEqualTo(3);
        assertThat(found.getFirst().binding()).containsExactly("min_gap_minutes");
    }

    @Test
    void roomIsNotClaimedWhenItIsThere() {
        PlatformRules tiktok = new PlatformRules(Platform.of("tiktok"), 120, 3, 10, 120);
        List<TimeSlot> grid = grid(7 * 24);
        List<Post> posts = new ArrayList<>();
        // hours 0–165 from Monday 00:00 UTC are Monday 01:00 to Sunday 23:00 in Berlin: one local week
        for (int k = 0; k < 10; k++) {
            posts.add(post("i-" + k, tiktok, grid, 0, 165));
        }
        assertThat(CountingProof.find(new ScheduleSolution(grid, List.of(tiktok), posts)))
                .isEmpty();
        posts.add(post("i-10", tiktok, grid, 0, 165)); // eleven in a week capped at ten
        assertThat(CountingProof.find(new ScheduleSolution(grid, List.of(tiktok), posts)))
                .singleElement()
                .satisfies(c -> assertThat(c.binding()).containsExactly("max_per_week"));
    }

    /** Hourly slots from Monday 00:00 UTC, days counted in Berlin. */
    private static List<TimeSlot> grid(int hours) {
        List<TimeSlot> grid = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            Instant t = MONDAY.plus(Duration.ofHours(h));
            grid.add(new TimeSlot(h, t, LocalDate.ofInstant(t, BERLIN).toEpochDay(), false));
        }
        return grid;
    }

    private static Post post(String id, PlatformRules rules, List<TimeSlot> grid, int from, int to) {
        List<TimeSlot> allowed = grid.subList(from, to + 1);
        return aPost(id)
                .forContent(id)
                .on(rules)
                .staggeredBy(0)
                .within(allowed.getFirst().minute(), allowed.getLast().minute())
                .worth(new long[grid.size()])
                .allowedAt(List.copyOf(allowed))
                .build();
    }
}
