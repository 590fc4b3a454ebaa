package dev.berth.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.berth.daemon.config.DaemonConfig.LogLevel;
import org.slf4j.LoggerFactory;

/** Applies {@code -l/--log-level} and {@code -D} to Logback (the format lives in logback.xml). */
final class Logging {
    private Logging() {}

    static void configure(LogLevel level) {
        if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext)) return;
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(switch (level) {
            case DEBUG -> Level.DEBUG;
            case INFO -> Level.INFO;
            case WARN -> Level.WARN;
            case ERROR, FATAL -> Level.ERROR;
        });
    }
}
