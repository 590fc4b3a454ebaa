package dev.berth.image.registry;

import dev.berth.common.error.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Runs layer transfers on virtual threads, at most {@code limit} at once and started in list
 * order (dockerd: 3 downloads, 5 uploads). The first failure cancels (interrupts) the rest, waits
 * for them to abort their sinks, and is rethrown; later failures are consequences and are dropped.
 */
final class ParallelTransfers {
    private ParallelTransfers() {}

    static void run(List<Runnable> tasks, int limit) {
        if (tasks.isEmpty()) return;
        // Fair, so queued layers start in manifest order like dockerd's transfer queue.
        Semaphore slots = new Semaphore(Math.max(1, limit), true);
        RuntimeException failure = null;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            ExecutorCompletionService<Void> done = new ExecutorCompletionService<>(executor);
            List<Future<Void>> futures = new ArrayList<>();
            for (Runnable task : tasks) {
                futures.add(done.submit(() -> {
                    slots.acquire();
                    try {
                        task.run();
                    } finally {
                        slots.release();
                    }
                    return null;
                }));
            }
            for (int i = 0; i < tasks.size() && failure == null; i++) {
                try {
                    done.take().get();
                } catch (ExecutionException e) {
                    failure = unwrap(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = new BerthException.Unavailable("transfer interrupted");
                }
            }
            if (failure != null) futures.forEach(f -> f.cancel(true));
        }
        if (failure != null) throw failure;
    }

    private static RuntimeException unwrap(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new BerthException.Internal("layer transfer failed: " + t, t);
    }
}
