package io.github.viewcache.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The messages a logger writes while it is open: what an operator would read in the log. */
public final class CapturedLog extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    private CapturedLog(Logger logger) {
        this.logger = logger;
        logger.addHandler(this);
    }

    /** Captures the logger named after {@code type}, as the filter's classes name theirs. */
    public static CapturedLog of(Class<?> type) {
        return new CapturedLog(Logger.getLogger(type.getName()));
    }

    public List<String> messages() {
        return messages;
    }

    @Override
    public void publish(LogRecord record) {
        messages.add(record.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
