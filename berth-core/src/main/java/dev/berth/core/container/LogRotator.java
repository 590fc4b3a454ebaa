package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates the logs of running containers with {@code max-size} and {@code max-file > 1}: the
 * writer (conmon) is not the daemon, so the daemon looks at each such log's size every
 * {@link #INTERVAL} and, once it has reached max-size, renames the files ({@link LogFiles#rotate})
 * and asks the writer to reopen, which makes a new current file. What the writer adds between the
 * rename and the reopen lands at the end of {@code .1}, in order. Files may pass max-size by what is
 * written in one interval, and the current file grows unchecked while the daemon is down (see
 * {@link LogRotation#supervisorLimit} for why conmon cannot bound it). Stateless between rounds, so
 * it works the same for containers restored after a daemon restart.
 */
final class LogRotator implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Logger LOG = LoggerFactory.getLogger(LogRotator.class);

    private final Supplier<Collection<Container>> containers;
    private final Consumer<String> reopen;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param containers the containers to look at (those not running are skipped)
     * @param reopen     asks a container's log writer to start a new file; throws BerthException when it cannot
     */
    LogRotator(Supplier<Collection<Container>> containers, Consumer<String> reopen) {
        this(containers, reopen, true);
    }

    LogRotator(Supplier<Collection<Container>> containers, Consumer<String> reopen, boolean background) {
        this.containers = containers;
        this.reopen = reopen;
        this.thread = background ? Thread.ofVirtual().name("container-log-rotator").start(this::loop) : null;
    }

    private void loop() {
        while (!closed) {
            try {
                rotateDue();
            } catch (RuntimeException e) {
                LOG.warn("log rotation round failed: {}", e.getMessage());
            }
            try {
                Thread.sleep(INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One round: rotates every running container's log that has reached its max-size. */
    void rotateDue() {
        for (Container c : containers.get()) {
            if (!c.state().running()) continue;
            LogRotation r = rotationOf(c);
            if (r == null || !r.rotates()) continue;
            long size;
            try {
                size = Files.size(c.logPath());
            } catch (NoSuchFileException e) {
                continue; // rotated, and the writer has not reopened yet
            } catch (IOException e) {
                LOG.debug("cannot size the log of {}: {}", c.id(), e.getMessage());
                continue;
            }
            if (size >= r.maxSize()) rotate(c, r);
        }
    }

    private static LogRotation rotationOf(Container c) {
        LogConfig config = LogConfig.orDefault(c.hostConfig().logConfig());
        if (config.type().equals(LogConfig.JSON_FILE) && !config.config().containsKey("max-size")) return null; // the common case, cheaply
        try {
            return LogRotation.of(config);
        } catch (BerthException e) {
            return null; // a container with invalid options never started
        }
    }

    private void rotate(Container c, LogRotation r) {
        try {
            LogFiles.rotate(c.logPath(), r.maxFiles());
        } catch (IOException e) {
            LOG.warn("cannot rotate the log of {}: {}", c.id(), e.getMessage());
            return;
        }
        try {
            reopen.accept(c.id());
        } catch (BerthException e) {
            // it exited meanwhile, so nobody creates the new file: do it, so that the log path
            // inspect shows exists as after any rotation (the next start appends to it)
            LOG.debug("cannot reopen the log of {}: {}", c.id(), e.getMessage());
            try {
                Files.createFile(c.logPath());
            } catch (FileAlreadyExistsException raced) {
                // the writer did reopen after all
            } catch (IOException io) {
                LOG.debug("cannot create the log of {}: {}", c.id(), io.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) thread.interrupt();
    }
}
