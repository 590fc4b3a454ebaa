package dev.berth.it;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stops a process this harness started: SIGTERM, a grace period, then SIGKILL for it and every descendant. */
public final class ProcessTermination {
    private ProcessTermination() {}

    /** Returns the exit code, or -1 if the process had to be killed. */
    public static int terminate(Process process, Duration grace) {
        // snapshot first: once the parent dies its children are re-parented and out of reach
        List<ProcessHandle> descendants = process.descendants().toList();
        int code = -1;
        try {
            if (process.isAlive()) {
                process.destroy(); // SIGTERM on Linux
                if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    code = process.exitValue();
                } else {
                    process.destroyForcibly(); // SIGKILL
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } else {
                code = process.exitValue();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                child.destroy();
                try {
                    child.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    child.destroyForcibly();
                }
            }
        }
        return code;
    }
}
