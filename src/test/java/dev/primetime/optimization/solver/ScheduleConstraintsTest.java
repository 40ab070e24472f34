package dev.primetime.optimization.solver;

import static dev.primetime.optimization.solver.PostBuilder.aPost;

import ai.timefold.solver.core.api.score.stream.test.ConstraintVerifier;
import dev.primetime.platform.Platform;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of the optimizer alone: it fires when broken, and only then. */
class ScheduleConstraintsTest {
    private static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");
    private static final PlatformRules YOUTUBE = new PlatformRules(Platform.of("youtube"), 120, 2, 3, 240);
    private static final PlatformRules TIKTOK = new PlatformRules(Platform.of("tiktok"), 60, 10, 10, 60);
    private final ConstraintVerifier<ScheduleConstraints, ScheduleSolution> verifier =
            ConstraintVerifier.build(new ScheduleConstraints(), ScheduleSolution.class, Post.class);

    static TimeSlot at(long minutesAfterMonday) {
        Instant start = MONDAY.plusSeconds(60 * minutesAfterMonday);
        return slot(start, false);
    }

    static TimeSlot slot(Instant start, boolean blackout) {
        long day = LocalDate.ofInstant(start, ZoneOffset.UTC).toEpochDay();
        return new TimeSlot(0, start, day, blackout);
    }

    static Post post(String id, String content, PlatformRules rules, TimeSlot slot) {
        return post(id, content, rules, slot, false);
    }

    static Post post(String id, String content, PlatformRules rules, TimeSlot slot, boolean fixed) {
        return aPost(id).forContent(content).on(rules).at(slot).fixed(fixed).build();
    }

    @Test
    void penalizesPostOutsideItsWindow() {
        TimeSlot slot = at(600);
        Post inside = aPost("a")
                .forContent("c")
                .on(YOUTUBE)
                .within(slot.minute(), slot.minute())
                .worth(1)
                .allowedAt(List.of())
                .at(slot)
                .build();
        Post late = aPost("b")
                .forContent("c")
                .on(YOUTUBE)
                .within(slot.minute() - 120, slot.minute() - 60)
                .worth(1)
                .allowedAt(List.of())
                .at(slot)
                .build();
        verifier.verifyThat(ScheduleConstraints::outsideItemWindow)
                .given(inside)
                .hasNoImpact();
        verifier.verifyThat(ScheduleConstraints::outsideItemWindow).given(late).penalizesBy(1);
    }

    @Test
    void penalizesPostDuringBlackoutButNotFixedOnes() {
        TimeSlot dark = slot(MONDAY.plusSeconds(3600), true);
        verifier.verifyThat(ScheduleConstraints::duringBlackout)
                .given(post("a", "c", YOUTUBE, dark))
                .penalizesBy(1);
        verifier.verifyThat(ScheduleConstraints::duringBlackout)
                .given(post("a", "c", YOUTUBE, dark, true), post("b", "d", YOUTUBE, at(60)))
                .hasNoImpact();
    }

    @Test
    void penalizesSamePlatformPostsCloserThanTheMinimumGap() {
        verifier.verifyThat(ScheduleConstraints::minimumGapOnPlatform)
                .given(post("a", "c1", YOUTUBE, at(600)), post("b", "c2", YOUTUBE, at(660)))
                .penalizesBy(60);
        verifier.verifyThat(ScheduleConstraints::minimumGapOnPlatform)
                .given(post("a", "c1", YOUTUBE, at(600)), post("b", "c2", YOUTUBE, at(720)))
                .hasNoImpact();
        verifier.verifyThat(ScheduleConstraints::minimumGapOnPlatform)
                .given(post("a", "c1", YOUTUBE, at(600)), post("b", "c2", TIKTOK, at(600)))
                .hasNoImpact();
    }

    /** A slot at an absolute minute since the epoch. */
    static TimeSlot atEpochMinute(long minute) {
        return slot(Instant.ofEpochSecond(minute * 60), false);
    }

    @Test
    void findsCloseSamePlatformPairsWhereverTheBucketBoundariesFall() {
        // the constraints find pairs through buckets of the reach's width: pairs straddling a boundary count, pairs
        // in neighbouring buckets but far enough apart do not, and three posts in one bucket make three pairs
        long boundary = Math.floorDiv(at(600).minute(), 120) * 120 + 120;
        verifier.verifyThat(ScheduleConstraints::minimumGapOnPlatform)
                .given(
                        post("a", "c1", YOUTUBE, atEpochMinute(boundary - 30)),
                        post("b", "c2", YOUTUBE, atEpochMinute(boundary + 30)))
                .penalizesBy(60);
        verifier.verifyThat(ScheduleConstraints::minimumGapOnPlatform)
                .given(
                        post("a", "c1", YOUTUBE, atEpochMinute(boundary - 119)),
                        post("b", "c2", YOUTUBE, atEpochMinute(boundary + 119)))
                .hasNoImpact();
        verifier.verifyThat(ScheduleConstraints::minimumGapOnPlatform)
                .given(
                        post("a", "c1", YOUTUBE, atEpochMinute(boundary + 1)),
                        post("b", "c2", YOUTUBE, atEpochMinute(boundary + 2)),
                        post("c", "c3", YOUTUBE, atEpochMinute(boundary + 3)))
                .penalizesBy(119 + 118 + 119);
        long fatigueBoundary = Math.floorDiv(at(600).minute(), 240) * 240 + 240;
        // 60 minutes apart across the boundary of 240-minute buckets: 3/4 of the full fatigue
        verifier.verifyThat(ScheduleConstraints::audienceFatigue)
                .given(
                        post("a", "c1", YOUTUBE, atEpochMinute(fatigueBoundary - 20)),
                        post("b", "c2", YOUTUBE, atEpochMinute(fatigueBoundary + 40)))
                .penalizesBy(75_000L);
        verifier.verifyThat(ScheduleConstraints::audienceFatigue)
                .given(
                        post("a", "c1", YOUTUBE, atEpochMinute(fatigueBoundary - 200)),
                        post("b", "c2", YOUTUBE, atEpochMinute(fatigueBoundary + 40)))
                .hasNoImpact();
    }

    @Test
    void aPlatformWithoutMinimumGapHasNoGapPairs() {
        PlatformRules free = new PlatformRules(Platform.of("twitter"), 0, 10, 10, 0);
        verifier.verifyThat(ScheduleConstraints::minimumGapOnPlatform)
                .given(post("a", "c1", free, at(600)), post("b", "c2", free, at(600)))
                .hasNoImpact();
        verifier.verifyThat(ScheduleConstraints::audienceFatigue)
                .given(post("a", "c1", free, at(600)), post("b", "c2", free, at(600)))
                .hasNoImpact();
    }

    @Test
    void fixedPostsAloneAreNotTheOptimizersFault() {
        verifier.verifyThat(ScheduleConstraints::minimumGapOnPlatform)
                .given(post("a", "c1", YOUTUBE, at(600), true), post("b", "c2", YOUTUBE, at(600), true))
                .hasNoImpact();
        verifier.verifyThat(ScheduleConstraints::minimumGapOnPlatform)
                .given(post("a", "c1", YOUTUBE, at(600), true), post("b", "c2", YOUTUBE, at(600)))
                .penalizesBy(120);
    }

    @Test
    void penalizesEachPostOverTheDailyCap() {
        verifier.verifyThat(ScheduleConstraints::maximumPostsPerDay)
                .given(
                        post("a", "c1", YOUTUBE, at(0)),
                        post("b", "c2", YOUTUBE, at(300)),
                        post("c", "c3", YOUTUBE, at(600)),
                        post("d", "c4", YOUTUBE, at(900)),
                        post("e", "c5", YOUTUBE, at(1500)))
                .penalizesBy(2);
        verifier.verifyThat(ScheduleConstraints::maximumPostsPerDay)
                .given(post("a", "c1", YOUTUBE, at(0)), post("b", "c2", YOUTUBE, at(300)))
                .hasNoImpact();
    }

    @Test
    void fixedPostsOverADailyCapAloneCostNothingAndEachMovablePostAddedThereCostsOne() {
        Post[] published = {
            post("p1", "c1", YOUTUBE, at(0), true),
            post("p2", "c2", YOUTUBE, at(300), true),
            post("p3", "c3", YOUTUBE, at(600), true),
            post("p4", "c4", YOUTUBE, at(900), true)
        };
        verifier.verifyThat(ScheduleConstraints::maximumPostsPerDay)
                .given((Object[]) published)
                .hasNoImpact();
        verifier.verifyThat(ScheduleConstraints::maximumPostsPerDay)
                .given(published[0], published[1], published[2], published[3], post("m", "c5", YOUTUBE, at(1200)))
                .penalizesBy(1);
        verifier.verifyThat(ScheduleConstraints::maximumPostsPerWeek)
                .given((Object[]) published)
                .hasNoImpact();
        verifier.verifyThat(ScheduleConstraints::maximumPostsPerWeek)
                .given(published[0], published[1], published[2], published[3], post("m", "c5", YOUTUBE, at(1440)))
                .penalizesBy(1);
    }

    @Test
    void penalizesEachPostOverTheWeeklyCapWithinOneMondayFirstWeek() {
        verifier.verifyThat(ScheduleConstraints::maximumPostsPerWeek)
                .given(
                        post("a", "c1", YOUTUBE, at(0)),
                        post("b", "c2", YOUTUBE, at(1440)),
                        post("c", "c3", YOUTUBE, at(2 * 1440)),
                        post("d", "c4", YOUTUBE, at(6 * 1440 + 1439)))
                .penalizesBy(1);
        verifier.verifyThat(ScheduleConstraints::maximumPostsPerWeek)
                .given(
                        post("a", "c1", YOUTUBE, at(0)),
                        post("b", "c2", YOUTUBE, at(1440)),
                        post("c", "c3", YOUTUBE, at(2 * 1440)),
                        post("d", "c4", YOUTUBE, at(7 * 1440)))
                .hasNoImpact();
    }

    @Test
    void penalizesTheSameContentOnTwoPlatformsCloserThanTheStagger() {
        verifier.verifyThat(ScheduleConstraints::sameContentStaggered)
                .given(post("a", "video-1", YOUTUBE, at(600)), post("b", "video-1", TIKTOK, at(630)))
                .penalizesBy(30);
        verifier.verifyThat(ScheduleConstraints::sameContentStaggered)
                .given(post("a", "video-1", YOUTUBE, at(600)), post("b", "video-1", TIKTOK, at(660)))
                .hasNoImpact();
        verifier.verifyThat(ScheduleConstraints::sameContentStaggered)
                .given(post("a", "video-1", YOUTUBE, at(600)), post("b", "video-2", TIKTOK, at(600)))
                .hasNoImpact();
    }

    @Test
    void rewardsWeightedExpectedEngagementOfMovablePostsOnly() {
        verifier.verifyThat(ScheduleConstraints::expectedEngagement)
                .given(post("a", "c1", YOUTUBE, at(0)), post("b", "c2", YOUTUBE, at(600), true))
                .rewardsWith(700);
    }

    @Test
    void penalizesFatigueLinearlyUpToTheIdealSpacing() {
        // 60 of 240 minutes apart: 3/4 of the full fatigue of 0.1 engagement
        verifier.verifyThat(ScheduleConstraints::audienceFatigue)
                .given(post("a", "c1", YOUTUBE, at(600)), post("b", "c2", YOUTUBE, at(660)))
                .penalizesBy(75_000L);
        verifier.verifyThat(ScheduleConstraints::audienceFatigue)
                .given(post("a", "c1", YOUTUBE, at(600)), post("b", "c2", YOUTUBE, at(840)))
                .hasNoImpact();
    }
}
