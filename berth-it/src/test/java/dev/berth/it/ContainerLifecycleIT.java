package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The container lifecycle as a user of the real docker CLI sees it against berthd. */
class ContainerLifecycleIT extends BusyboxContainers {
    @Test
    void runRmPrintsOutputAndLeavesNothing() {
        var r = docker().run("run", "--rm", "busybox", "echo", "hello");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).isEqualTo("hello\n");
        assertThat(docker().ok("ps", "-aq").stdout()).isBlank();
    }

    /** Attached output of megabytes arrives whole (the CLI half-closes its side at once without -i). */
    @Test
    void largeAttachedOutputArrivesWhole() {
        var r = docker().run("run", "--rm", "busybox", "sh", "-c", "yes | head -c 10000000; echo; echo done");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        String out = r.stdout();
        assertThat(out.length()).as("bytes received").isEqualTo(10_000_000 + "\ndone\n".length());
        assertThat(out.substring(out.length() - 8)).isEqualTo("y\n\ndone\n");
    }

    /** docker run -it in a real terminal: prompt, terminal size, a resize, detach keys, attach back. */
    @Test
    void runInteractiveTerminalResizeDetachAndAttach() throws Exception {
        try (var term = TmuxTerminal.docker(docker(), 90, 25, "run -it --name term busybox sh")) {
            term.await("/ #");
            term.typeLine("stty size");
            term.await("25 90");
            term.resize(120, 40);
            term.typeLine("clear; stty size");
            term.await("40 120");
            term.keys("C-p", "C-q"); // Docker's default detach keys
            assertThat(term.await("EXITED=")).contains("EXITED=0");
        }
        assertThat(docker().ok("inspect", "-f", "{{.State.Status}}", "term").stdout().strip()).isEqualTo("running");
        try (var term = TmuxTerminal.docker(docker(), 80, 24, "attach term")) {
            term.awaitAnswerToEnter("/ #"); // attach prints nothing until the shell answers
            term.typeLine("echo back-$((40+2))");
            term.await("back-42");
            term.typeLine("exit 5");
            assertThat(term.await("EXITED=")).contains("EXITED=5");
        }
    }

    @Test
    void exitCodesAsDockerd() {
        var three = docker().run("run", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(three.exitCode()).isEqualTo(3);
        assertThat(three.stdout()).isEqualTo("out\n");
        assertThat(three.stderr()).contains("err\n");
        var missing = docker().run("run", "busybox", "no-such-command");
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.stderr()).contains("exec: \"no-such-command\": executable file not found in $PATH");
        var notExecutable = docker().run("run", "busybox", "/etc/passwd");
        assertThat(notExecutable.exitCode()).isEqualTo(126);
        // --pull never: the CLI would otherwise ask the daemon to pull it from Docker Hub, which tests never contact
        var daemonError = docker().run("run", "--pull", "never", "no-such-image-here");
        assertThat(daemonError.exitCode()).isEqualTo(125);
    }

    @Test
    void detachedRunPsLogsStopRm() {
        String id = docker().ok("run", "-d", "--name", "ticker", "-l", "app=it", "-e", "WHO=berth", "busybox",
            "sh", "-c", "echo hi $WHO; echo oops >&2; while true; do sleep 1; done").stdout().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(docker().ok("ps", "--format", "{{.Names}} {{.Status}}").stdout()).startsWith("ticker Up");
        assertThat(docker().ok("ps", "-q", "--filter", "label=app=it").stdout().strip()).isEqualTo(id.substring(0, 12));
        awaitLogs("ticker", "hi berth");
        var logs = docker().ok("logs", "ticker");
        assertThat(logs.stdout()).isEqualTo("hi berth\n");
        assertThat(logs.stderr()).isEqualTo("oops\n");
        assertThat(docker().ok("logs", "-t", "--tail", "1", "ticker").stderr()).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z oops\n");
        assertThat(docker().ok("top", "ticker").stdout()).contains("while true");
        docker().ok("stop", "-t", "1", "ticker");
        assertThat(docker().ok("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "ticker").stdout().strip())
            .isEqualTo("exited 137");
        docker().ok("rm", "ticker");
        assertThat(docker().run("inspect", "ticker").stderr()).contains("No such object: ticker");
    }

    @Test
    void infoCountsContainersByStateAndNamesTheRuntimeAndInitVersions() throws Exception {
        docker().ok("run", "-d", "--name", "up", "busybox", "sleep", "1000");
        docker().ok("run", "-d", "--name", "held", "busybox", "sleep", "1000");
        docker().ok("pause", "held");
        docker().ok("create", "--name", "made", "busybox", "true");
        docker().ok("run", "--name", "done", "busybox", "true");
        assertThat(docker().ok("info", "--format",
            "{{.Containers}} {{.ContainersRunning}} {{.ContainersPaused}} {{.ContainersStopped}} {{.LoggingDriver}}")
            .stdout().strip()).isEqualTo("4 1 1 2 json-file");
        // what the host's binaries say of themselves, as dockerd shows its runc and docker-init
        String runcCommit = new ProcessBuilder("/usr/sbin/runc", "--version").start().inputReader().lines()
            .filter(l -> l.startsWith("commit:")).map(l -> l.substring("commit:".length()).strip()).findFirst().orElseThrow();
        assertThat(docker().ok("info", "--format", "{{.RuncCommit.ID}}|{{.InitCommit.ID}}").stdout().strip())
            .matches(java.util.regex.Pattern.quote(runcCommit) + "\\|\\d+\\.\\d+\\.\\d+");
        docker().ok("rm", "-f", "up", "held", "made", "done");
    }

    @Test
    void nameConflictIs409WithDockerdsMessage() {
        String id = docker().ok("create", "--name", "taken", "busybox", "true").stdout().strip();
        var r = docker().run("create", "--name", "taken", "busybox", "true");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("Conflict. The container name \"/taken\" is already in use by container \"" + id
            + "\". You have to remove (or rename) that container to be able to reuse that name.");
    }

    @Test
    void onFailureRestartsTwiceThenStays() throws Exception {
        docker().ok("run", "-d", "--name", "flaky", "--restart", "on-failure:2", "busybox", "sh", "-c", "echo run; exit 1");
        Instant deadline = Instant.now().plusSeconds(20);
        String state = "";
        while (Instant.now().isBefore(deadline)) {
            state = docker().ok("inspect", "-f", "{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}", "flaky").stdout().strip();
            if (state.equals("exited 2 1")) break;
            Thread.sleep(200);
        }
        assertThat(state).isEqualTo("exited 2 1");
        assertThat(docker().ok("logs", "flaky").stdout()).isEqualTo("run\nrun\nrun\n");
    }

    @Test
    void containerSurvivesADaemonCrash() throws Exception {
        docker().ok("run", "-d", "--name", "survivor", "busybox", "sh", "-c", "echo before; while true; do sleep 1; done");
        docker().ok("run", "-d", "-i", "--name", "listener", "busybox", "sh", "-c", "echo ready; read l; echo got $l");
        awaitLogs("survivor", "before");
        awaitLogs("listener", "ready");
        berth.daemon().crashAndRestart();
        // attach reaches the container's stdin and output through conmon, which berthd never parented
        var attached = docker().run(Duration.ofSeconds(30), "hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), null,
            "attach", "listener");
        assertThat(attached.exitCode()).as(attached.describe()).isZero();
        assertThat(attached.stdout()).isEqualTo("got hello\n");
        docker().ok("rm", "listener");
        assertThat(docker().ok("ps", "--format", "{{.Names}} {{.State}}").stdout().strip()).isEqualTo("survivor running");
        assertThat(docker().ok("logs", "survivor").stdout()).isEqualTo("before\n");
        docker().ok("kill", "survivor");
        assertThat(docker().ok("wait", "survivor").stdout().strip()).isEqualTo("137");
    }

    private void awaitLogs(String name, String text) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            if (docker().ok("logs", name).stdout().contains(text)) return;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("no '" + text + "' in the logs of " + name);
    }
}
