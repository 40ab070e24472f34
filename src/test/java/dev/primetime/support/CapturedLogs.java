package dev.primetime.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * What a logger (and those below it) writes while a test runs, as it is written: the server's threads log while the
 * test reads, so the lines are kept in a thread-safe list (Logback's ListAppender is not), and each is taken down
 * whole when it is logged (an event read later on another thread would lose its MDC).
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    /** One line: its level, logger, message and the request it was written for ({@code null} outside a request). */
    public record Line(Level level, String logger, String message, String requestId) {}

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Logger logger;

    private CapturedLogs(String loggerName) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
    }

    /** Starts capturing what {@code loggerName} (or the root logger) and the loggers below it write. */
    public static CapturedLogs of(String loggerName) {
        CapturedLogs captured = new CapturedLogs(loggerName);
        captured.start();
        captured.logger.addAppender(captured);
        return captured;
    }

    public static CapturedLogs root() {
        return of(Logger.ROOT_LOGGER_NAME);
    }

    @Override
    protected void append(ILoggingEvent event) {
        lines.add(new Line(
                event.getLevel(),
                event.getLoggerName(),
                event.getFormattedMessage(),
                event.getMDCPropertyMap().get("request_id")));
    }

    /** Everything captured so far (a snapshot). */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The messages at {@code level} or above. */
    public List<String> atLeast(Level level) {
        return lines().stream()
                .filter(l -> l.level().isGreaterOrEqual(level))
                .map(Line::message)
                .toList();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
