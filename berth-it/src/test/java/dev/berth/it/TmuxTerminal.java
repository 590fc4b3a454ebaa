package dev.berth.it;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real pseudo-terminal for interactive docker commands: a detached tmux session of its own
 * (unique name) running the docker CLI against the test's daemon; killed on close.
 */
final class TmuxTerminal implements AutoCloseable {
    private final String session;

    private TmuxTerminal(String session) { this.session = session; }

    /**
     * Runs {@code docker <args>} in a {@code columns}×{@code rows} terminal; after it ends the
     * pane shows {@code EXITED=<code>} and stays open so the test can read it.
     */
    static TmuxTerminal docker(DockerCli docker, int columns, int rows, String args) throws IOException, InterruptedException {
        String session = "berth-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        List<String> env = new ArrayList<>(List.of("env"));
        for (Map.Entry<String, String> e : docker.env().entrySet()) env.add(e.getKey() + "=" + e.getValue());
        String command = String.join(" ", env) + " " + DockerCli.binary() + " " + args + "; echo EXITED=$?; sleep 60";
        tmux("new-session", "-d", "-s", session, "-x", Integer.toString(columns), "-y", Integer.toString(rows), command);
        return new TmuxTerminal(session);
    }

    /** Types the line and presses Enter. */
    void typeLine(String line) throws IOException, InterruptedException {
        tmux("send-keys", "-t", session, line, "Enter");
    }

    /** Sends tmux key names as they are (e.g. {@code C-p}). */
    void keys(String... keys) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("send-keys", "-t", session));
        argv.addAll(List.of(keys));
        tmux(argv.toArray(String[]::new));
    }

    void resize(int columns, int rows) throws IOException, InterruptedException {
        tmux("resize-window", "-t", session, "-x", Integer.toString(columns), "-y", Integer.toString(rows));
    }

    /**
     * Presses Enter until {@code text} shows: for sessions that print nothing until they get input
     * (docker attach to a shell), where keys typed before the CLI switched the terminal to raw mode
     * and connected may never reach the container.
     */
    void awaitAnswerToEnter(String text) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            tmux("send-keys", "-t", session, "Enter");
            Thread.sleep(300);
            if (tmux("capture-pane", "-p", "-t", session).contains(text)) return;
        }
        throw new AssertionError("no '" + text + "' in the terminal after pressing Enter");
    }

    /** Waits up to 20 s for the text on the screen; returns the screen. */
    String await(String text) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        String pane = "";
        while (Instant.now().isBefore(deadline)) {
            pane = tmux("capture-pane", "-p", "-t", session);
            if (pane.contains(text)) return pane;
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in the terminal:\n" + pane);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        tmux("kill-session", "-t", session);
    }

    private static String tmux(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("tmux"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(20, TimeUnit.SECONDS);
        return out;
    }
}
