package dev.berth.runtime;

import dev.berth.common.error.BerthException;
import dev.berth.core.container.Container;
import dev.berth.core.container.ContainerService;
import dev.berth.core.container.StdioSession;
import dev.berth.core.container.StdioSessions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StdioSessions} on conmon's attach sockets: live stdin, stdout, stderr and terminal size.
 * A client that attaches before the process exists ({@code docker run} attaches, then starts)
 * gets a {@link PendingSession} that connects in {@link #processCreated}, between the runtime's
 * create and start, so not one byte of output is missed.
 */
public final class ConmonStdioSessions implements StdioSessions {
    private static final Logger LOG = LoggerFactory.getLogger(ConmonStdioSessions.class);

    private final ConmonAttach attach;
    private final Map<String, List<PendingSession>> pending = new ConcurrentHashMap<>();

    public ConmonStdioSessions(ConmonAttach attach) {
        this.attach = attach;
    }

    @Override
    public StdioSession open(Container container, ContainerService.AttachOptions options, ProcessLifecycle lifecycle) {
        boolean tty = container.config().tty();
        if (container.state().running()) {
            try {
                return attach.attach(container.id(), tty, options.stdin());
            } catch (BerthException.NotFound | BerthException.Conflict notServed) {
                // the process is between runs (a restart): wait for the next one like a fresh start
            }
        }
        var session = new PendingSession(tty, options.stdin(), lifecycle, s -> forget(container.id(), s));
        pending.computeIfAbsent(container.id(), k -> new CopyOnWriteArrayList<>()).add(session);
        return session;
    }

    @Override
    public void processCreated(Container container) {
        List<PendingSession> waiting = pending.remove(container.id());
        if (waiting == null) return;
        for (PendingSession s : waiting) {
            try {
                s.connect(attach.attach(container.id(), container.config().tty(), s.wantsStdin()));
            } catch (BerthException e) {
                LOG.warn("cannot attach to {}: {}", container.id(), e.getMessage());
                s.fail();
            }
        }
    }

    @Override
    public void resize(Container container, int width, int height) {
        if (container.config().tty() && container.state().running()) attach.resize(container.id(), width, height);
    }

    private void forget(String id, PendingSession s) {
        pending.computeIfPresent(id, (k, list) -> {
            list.remove(s);
            return list.isEmpty() ? null : list;
        });
    }
}
