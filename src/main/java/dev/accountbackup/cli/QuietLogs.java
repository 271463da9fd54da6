package dev.accountbackup.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** For commands whose standard output tells the story (demo, bench): the log shows only warnings unless asked. */
final class QuietLogs {

    private QuietLogs() {}

    static void unless(boolean verbose) {
        if (!verbose) {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        }
    }
}
