package dev.primetime.optimization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.primetime.web.ApiException;
import dev.primetime.web.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunQueueTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private RunQueue queue;

    @AfterEach
    void stop() throws InterruptedException {
        gates.values().forEach(CountDownLatch::countDown);
        queue.shutdown();
        assertThat(queue.awaitTermination(5_000)).isTrue();
    }

    /** Submits a run that records its start and then waits until {@link #finish} lets it end. */
    private void submit(String tenant, String run) {
        RunQueue.Ticket ticket = queue.admit(tenant, true, LIMIT);
        CountDownLatch gate = gates.computeIfAbsent(run, r -> new CountDownLatch(1));
        queue.submit(ticket, () -> {
            started.add(run);
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void finish(String run) throws InterruptedException {
        gates.computeIfAbsent(run, r -> new CountDownLatch(1)).countDown();
        awaitStarts(started.indexOf(run) + 2);
    }

    private void awaitStarts(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (started.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void tenantsTakeTurnsInsteadOfFirstComeFirstServed() throws InterruptedException {
        queue = new RunQueue(1, 1, 10, Thread.ofPlatform().daemon().factory());
        submit("noisy", "noisy-1");
        awaitStarts(1);
        submit("noisy", "noisy-2");
        submit("noisy", "noisy-3");
        submit("quiet", "quiet-1");
        submit("other", "other-1");

        for (String run : List.of("noisy-1", "quiet-1", "other-1", "noisy-2")) {
            finish(run);
        }

        assertThat(started).containsExactly("noisy-1", "quiet-1", "other-1", "noisy-2", "noisy-3");
    }

    @Test
    void aTenantAtItsCapLeavesTheOtherRunnersToOtherTenants() throws InterruptedException {
        queue = new RunQueue(2, 1, 10, Thread.ofPlatform().daemon().factory());
        submit("noisy", "noisy-1");
        submit("noisy", "noisy-2");
        submit("noisy", "noisy-3");
        awaitStarts(1);
        Thread.sleep(50);
        assertThat(started)
                .as("one runner stays free: the noisy tenant may solve one at a time")
                .hasSize(1);

        submit("quiet", "quiet-1");
        awaitStarts(2);

        assertThat(started).containsExactly("noisy-1", "quiet-1");
        assertThat(queue.counts("noisy")).containsExactly(1, 2);
    }

    @Test
    void pastItsWaitingPlacesATenantGets429WithRetryAfter() throws InterruptedException {
        queue = new RunQueue(1, 1, 2, Thread.ofPlatform().daemon().factory());
        submit("noisy", "noisy-1");
        awaitStarts(1);
        submit("noisy", "noisy-2");
        submit("noisy", "noisy-3");

        ApiException refused = catchThrowableOfType(ApiException.class, () -> queue.admit("noisy", true, LIMIT));

        assertThat(refused.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(Long.parseLong(refused.headers().get("Retry-After"))).isBetween(1L, 10L);
        assertThat(refused.getMessage()).contains("2 optimization runs waiting");
        // another tenant still gets its place
        assertThat(queue.admit("quiet", true, LIMIT)).isNotNull();
    }

    @Test
    void aSynchronousRunNeedsOneOfItsTenantsSolvingPlaces() throws InterruptedException {
        queue = new RunQueue(2, 1, 2, Thread.ofPlatform().daemon().factory());
        submit("busy", "busy-1");
        awaitStarts(1);

        ApiException refused = catchThrowableOfType(ApiException.class, () -> queue.admit("busy", false, LIMIT));
        RunQueue.Ticket other = queue.admit("free", false, LIMIT);

        assertThat(refused.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(refused.headers()).containsKey("Retry-After");
        assertThat(queue.counts("free")).containsExactly(1, 0);
        queue.release(other);
        assertThat(queue.counts("free")).containsExactly(0, 0);
        // and while a synchronous run solves, its tenant's waiting run waits for it
        RunQueue.Ticket solving = queue.admit("free", false, LIMIT);
        submit("free", "free-async");
        Thread.sleep(50);
        assertThat(started).doesNotContain("free-async");
        queue.release(solving);
        awaitStarts(2);
        assertThat(started).contains("free-async");
    }

    @Test
    void aPlaceGivenBackUnusedFreesIt() {
        queue = new RunQueue(1, 1, 1, Thread.ofPlatform().daemon().factory());
        RunQueue.Ticket promised = queue.admit("tenant", true, LIMIT);
        assertThat(catchThrowableOfType(ApiException.class, () -> queue.admit("tenant", true, LIMIT)))
                .isNotNull();

        queue.release(promised); // its run was refused before it was submitted (a 422, say)

        assertThat(queue.admit("tenant", true, LIMIT)).isNotNull();
    }

    @Test
    void stoppingStartsEveryWaitingRunWhateverItsTenantsCap() throws InterruptedException {
        queue = new RunQueue(1, 1, 10, Thread.ofPlatform().daemon().factory());
        submit("tenant", "run-1");
        awaitStarts(1);
        submit("tenant", "run-2");
        submit("tenant", "run-3");
        gates.computeIfAbsent("run-2", r -> new CountDownLatch(1)).countDown();
        gates.computeIfAbsent("run-3", r -> new CountDownLatch(1)).countDown();

        queue.shutdown();
        finish("run-1");
        assertThat(queue.awaitTermination(5_000)).isTrue();

        assertThat(started).containsExactly("run-1", "run-2", "run-3");
        assertThat(catchThrowableOfType(ApiException.class, () -> queue.admit("tenant", true, LIMIT))
                        .code())
                .isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    }
}
