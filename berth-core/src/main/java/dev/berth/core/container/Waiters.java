package dev.berth.core.container;

import dev.berth.core.container.ContainerService.WaitCondition;
import dev.berth.core.container.ContainerService.WaitResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Clients blocked in {@code docker wait} (and {@code docker run}, which waits too), per container. */
final class Waiters {
    private record Waiter(WaitCondition condition, CompletableFuture<WaitResult> future) {}

    private final Map<String, List<Waiter>> byId = new ConcurrentHashMap<>();

    CompletableFuture<WaitResult> add(String id, WaitCondition condition) {
        var f = new CompletableFuture<WaitResult>();
        byId.compute(id, (k, list) -> {
            List<Waiter> l = list == null ? new CopyOnWriteArrayList<>() : list;
            l.add(new Waiter(condition, f));
            return l;
        });
        f.whenComplete((r, e) -> byId.computeIfPresent(id, (k, l) -> {
            l.removeIf(w -> w.future == f);
            return l.isEmpty() ? null : l;
        }));
        return f;
    }

    /** The container exited: not-running and next-exit waiters are done. */
    void exited(String id, int exitCode) {
        complete(id, w -> w.condition != WaitCondition.REMOVED, new WaitResult(exitCode, null));
    }

    /** The container is gone: everyone is done; {@code exitCode} is its last. */
    void removed(String id, int exitCode) {
        complete(id, w -> true, new WaitResult(exitCode, null));
    }

    private void complete(String id, java.util.function.Predicate<Waiter> which, WaitResult result) {
        List<Waiter> list = byId.get(id);
        if (list == null) return;
        list.stream().filter(which).toList().forEach(w -> w.future.complete(result));
    }
}
