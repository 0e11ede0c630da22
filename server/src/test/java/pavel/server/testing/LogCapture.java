package pavel.server.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Records what a logger (and its children) log while open, to assert on log lines and stack traces.
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.of("pavel")) { ...; assertEquals(1, log.errors().size()); }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        appender.setName("test-capture");
        appender.start();
        logger.addAppender(appender);
    }

    /** Starts recording the named logger. */
    public static LogCapture of(String loggerName) {
        return new LogCapture((Logger) LoggerFactory.getLogger(loggerName));
    }

    /** Everything recorded so far. */
    public List<ILoggingEvent> events() {
        // AppenderBase appends while holding the appender's lock.
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** The events at level ERROR. */
    public List<ILoggingEvent> errors() {
        return events().stream().filter(e -> e.getLevel() == Level.ERROR).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
