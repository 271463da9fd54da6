package dev.accountbackup.operator;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Everything logged while open (messages and stack traces), to check that no secret ever reaches a log. */
final class CapturedLogs implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    CapturedLogs() {
        appender.start();
        root.addAppender(appender);
    }

    String text() {
        synchronized (appender) { // the lock AppenderBase.doAppend holds while it adds an event
            return appender.list.stream()
                    .map(e -> e.getFormattedMessage()
                            + (e.getThrowableProxy() == null
                                    ? ""
                                    : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                    .collect(Collectors.joining("\n"));
        }
    }

    /** The loggers whose events hold {@code text}, to say where a leak comes from without repeating it. */
    Set<String> loggersWith(String text) {
        synchronized (appender) { // the lock AppenderBase.doAppend holds while it adds an event
            return appender.list.stream()
                    .filter(e -> e.getFormattedMessage().contains(text)
                            || e.getThrowableProxy() != null
                                    && ThrowableProxyUtil.asString(e.getThrowableProxy())
                                            .contains(text))
                    .map(ILoggingEvent::getLoggerName)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    boolean anyAt(Level level) {
        synchronized (appender) { // the lock AppenderBase.doAppend holds while it adds an event
            return appender.list.stream().anyMatch(e -> e.getLevel() == level);
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
