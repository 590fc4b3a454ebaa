package dev.berth.core.container;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code logs --follow} readers of each container. Before {@code die} is published, the
 * followers of the container are woken and given a moment to send what its log holds: dockerd has
 * written all of a container's output before it emits {@code die}, and docker-compose's
 * {@code logs -f} stops listening to a container at that event, so a follower still asleep in its
 * poll would lose the container's last lines. The process is gone by then, so its output is all in
 * the log: one pass over the log that starts after the wake-up reads it to the end, whatever
 * rotation did to the files. Thread-safe; followers run on their own (virtual) threads,
 * {@link #catchUp} on the thread that records the exit.
 */
final class LogFollowers {
    /** How long an exit waits for followers at most (a slow client must not hold the exit up). */
    static final Duration CATCH_UP_LIMIT = Duration.ofMillis(500);

    private final Map<String, Set<Follower>> byContainer = new ConcurrentHashMap<>();

    /** A follower of {@code containerId}'s log, known to {@link #catchUp} until it is closed. */
    Follower follow(String containerId) {
        Follower f = new Follower(this, containerId);
        byContainer.computeIfAbsent(containerId, k -> ConcurrentHashMap.newKeySet()).add(f);
        return f;
    }

    /** A follower no exit waits for (unit tests, and logs without a container id). */
    static Follower detached() { return new Follower(null, null); }

    /**
     * Wakes every follower of {@code containerId} and waits, {@link #CATCH_UP_LIMIT} at most in
     * all, until each has finished a pass over the log that began after the wake-up (or has stopped).
     */
    void catchUp(String containerId) {
        Set<Follower> followers = byContainer.get(containerId);
        if (followers == null || followers.isEmpty()) return;
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        Map<Follower, Long> targets = new HashMap<>();
        for (Follower f : followers) targets.put(f, f.wake());
        for (var t : targets.entrySet()) {
            if (!t.getKey().awaitPasses(t.getValue(), deadline)) return;
        }
    }

    private void forget(Follower f) {
        byContainer.computeIfPresent(f.containerId, (k, set) -> {
            set.remove(f);
            return set.isEmpty() ? null : set;
        });
    }

    /** One reader's passes over the log; it sleeps between them unless woken. */
    static final class Follower implements AutoCloseable {
        private final LogFollowers owner;
        private final String containerId;
        private long started;
        private long done;
        private boolean woken;
        private boolean closed;

        private Follower(LogFollowers owner, String containerId) {
            this.owner = owner;
            this.containerId = containerId;
        }

        synchronized void passStarts() { started++; }

        synchronized void passDone() {
            done++;
            notifyAll();
        }

        /** Sleeps one poll interval, or less when an exit wakes it. */
        synchronized void sleep(Duration poll) throws InterruptedException {
            if (!woken) wait(poll.toMillis());
            woken = false;
        }

        /** Returns how many passes must be done for one to have begun after this call. */
        private synchronized long wake() {
            woken = true;
            notifyAll();
            return started + 1;
        }

        /** False when the deadline passed first. */
        private synchronized boolean awaitPasses(long target, long deadlineNanos) {
            while (done < target && !closed) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) return false;
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
            if (owner != null) owner.forget(this);
        }
    }
}
