package dev.primetime.background;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A round of work an instance runs again and again on a platform daemon thread of its own, started and stopped with
 * the application: a subclass says what one round does ({@link #round}) and at which {@link Pace}. A round that
 * fails is logged (with the subclass's logger) and the job goes on. Stopping interrupts the thread and waits up to
 * 10 s for the round in progress, before the web server and the connection pool stop, so a round can finish its
 * transaction.
 */
public abstract class PeriodicJob implements SmartLifecycle {
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    /** When the next round starts. */
    public enum Pace {
        /** One round every interval, the first one an interval after start (a sweep). */
        EVERY_INTERVAL,
        /** A round at once, and again at once while the last one found work; else after the interval (a poll). */
        AGAIN_WHILE_BUSY
    }

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String name;
    private final Duration interval;
    private final Pace pace;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param name names the thread and the failures in the log ("{@code <name> failed: …}")
     */
    protected PeriodicJob(String name, Duration interval, Pace pace) {
        this.name = name;
        this.interval = interval;
        this.pace = pace;
    }

    /** One round; returns how much work it did (0: none, which matters to {@link Pace#AGAIN_WHILE_BUSY}). */
    protected abstract int round();

    /** Whether this instance runs the job at all (a setting); read at start. */
    protected boolean enabled() {
        return true;
    }

    /** Runs in {@link #start()}, before the job's thread starts: what must be done before anything else runs. */
    protected void starting() {}

    /** A round failed and the job goes on; says so in the log (a subclass may say it in its own words). */
    protected void failed(RuntimeException e) {
        log.warn("{} failed: {}", name, e.toString());
    }

    @Override
    public final synchronized void start() {
        if (thread != null || !enabled()) {
            return;
        }
        starting();
        running = true;
        thread = Thread.ofPlatform().daemon().name(name).start(this::loop);
    }

    @Override
    public final synchronized void stop() {
        running = false;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    @Override
    public final boolean isRunning() {
        return running;
    }

    // Stops before the web server and the pool do, so a round in progress can finish its transaction.
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }

    private void loop() {
        int work = pace == Pace.AGAIN_WHILE_BUSY ? 1 : 0; // a poll starts at once, a sweep after an interval
        while (running) {
            if ((pace == Pace.EVERY_INTERVAL || work == 0) && !pause()) {
                return;
            }
            work = 0;
            try {
                work = round();
            } catch (RuntimeException e) {
                if (running) {
                    failed(e);
                }
            }
        }
    }

    /** Waits an interval; false when the job was stopped meanwhile. */
    private boolean pause() {
        try {
            Thread.sleep(interval);
        } catch (InterruptedException e) {
            // stop() interrupts; any other interrupt just ends the wait
        }
        return running;
    }
}
