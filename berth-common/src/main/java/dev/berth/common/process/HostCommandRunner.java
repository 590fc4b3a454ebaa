package dev.berth.common.process;

import dev.berth.common.error.BerthException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs commands on the host with {@link ProcessBuilder}; output is drained on virtual threads. */
public final class HostCommandRunner implements CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(HostCommandRunner.class);

    @Override
    public Result run(List<String> argv, Map<String, String> env, byte[] stdin, Duration timeout) {
        long started = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new BerthException.Internal("cannot start " + argv.getFirst() + ": " + e.getMessage(), e);
        }
        var out = drain(p.getInputStream());
        var err = drain(p.getErrorStream());
        try (var in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin);
        } catch (IOException ignored) {
            // the program may exit without reading its input; its exit code tells the story
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new BerthException.Unavailable(argv.getFirst() + " timed out after " + timeout.toSeconds() + "s");
            }
            out.join();
            err.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BerthException.Internal("interrupted waiting for " + argv.getFirst(), e);
        }
        if (LOG.isDebugEnabled()) {
            // what the daemon waits on external programs for: the first thing to look at when a request is slow
            LOG.debug("{} exited {} after {} ms", argv.size() > 4 ? String.join(" ", argv.subList(0, 4)) + " …" : String.join(" ", argv),
                p.exitValue(), (System.nanoTime() - started) / 1_000_000);
        }
        return new Result(p.exitValue(), out.text(), err.text());
    }

    private static Drain drain(InputStream in) {
        Drain d = new Drain(in);
        d.thread = Thread.ofVirtual().start(d);
        return d;
    }

    private static final class Drain implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private Thread thread;

        Drain(InputStream in) { this.in = in; }

        @Override public void run() {
            try (in) {
                in.transferTo(buf);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void join() throws InterruptedException { thread.join(); }

        String text() { return buf.toString(StandardCharsets.UTF_8); }
    }
}
