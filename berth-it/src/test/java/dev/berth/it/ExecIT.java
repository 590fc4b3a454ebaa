package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code docker exec} as a user of the real docker CLI sees it against berthd. */
class ExecIT extends BusyboxContainers {
    private void runBox(String name) {
        docker().ok("run", "-d", "--name", name, "busybox", "sleep", "1000");
    }

    @Test
    void outputExitCodesAndStartFailures() {
        runBox("box");
        var hi = docker().run("exec", "box", "echo", "hi");
        assertThat(hi.exitCode()).as(hi.describe()).isZero();
        assertThat(hi.stdout()).isEqualTo("hi\n");
        var streams = docker().run("exec", "box", "sh", "-c", "echo out; echo err >&2; exit 5");
        assertThat(streams.exitCode()).isEqualTo(5);
        assertThat(streams.stdout()).isEqualTo("out\n");
        assertThat(streams.stderr()).isEqualTo("err\n");
        var missing = docker().run("exec", "box", "no-such-command");
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.stdout() + missing.stderr()).contains("exec: \"no-such-command\": executable file not found in $PATH");
        assertThat(docker().run("exec", "box", "/etc/passwd").exitCode()).isEqualTo(126);
    }

    @Test
    void optionsUserWorkdirEnvStdinPrivileged() {
        runBox("opts");
        assertThat(docker().ok("exec", "-u", "nobody", "-w", "/tmp", "-e", "WHO=berth", "opts", "sh", "-c", "id -u; pwd; echo $WHO")
            .stdout()).isEqualTo("65534\n/tmp\nberth\n");
        assertThat(docker().runWithStdin("piped\n".getBytes(), "exec", "-i", "opts", "cat").assertOk().stdout()).isEqualTo("piped\n");
        String plain = docker().ok("exec", "opts", "grep", "CapEff", "/proc/self/status").stdout();
        String privileged = docker().ok("exec", "--privileged", "opts", "grep", "CapEff", "/proc/self/status").stdout();
        assertThat(Long.parseLong(privileged.split("\\s+")[1].strip(), 16)).isGreaterThan(Long.parseLong(plain.split("\\s+")[1].strip(), 16));
    }

    @Test
    void detachedExecRunsOnAndIsListedInInspect() throws Exception {
        runBox("bg");
        docker().ok("exec", "-d", "bg", "sh", "-c", "sleep 1; touch /tmp/done");
        awaitOk(Duration.ofSeconds(10), "exec", "bg", "test", "-e", "/tmp/done");
        String ids = docker().ok("inspect", "-f", "{{len .ExecIDs}}", "bg").stdout().strip();
        assertThat(Integer.parseInt(ids)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void stoppedAndUnknownContainersAreRefused() {
        docker().ok("run", "--name", "done", "busybox", "true");
        var stopped = docker().run("exec", "done", "true");
        assertThat(stopped.exitCode()).isNotZero();
        assertThat(stopped.stderr()).contains("is not running");
        assertThat(docker().run("exec", "nosuchbox", "true").stderr()).contains("No such container: nosuchbox");
    }

    @Test
    void execEventsCarryTheExitCode() throws Exception {
        runBox("ev");
        long since = Instant.now().getEpochSecond();
        docker().run("exec", "ev", "sh", "-c", "exit 4");
        docker().ok("exec", "ev", "true");
        Thread.sleep(1100); // --until is whole seconds
        String events = docker().ok("events", "--since", Long.toString(since), "--until", Long.toString(Instant.now().getEpochSecond() + 1),
            "--filter", "container=ev", "--format", "{{.Action}}|{{index .Actor.Attributes \"exitCode\"}}").stdout();
        assertThat(events.lines()).contains("exec_create: sh -c exit 4|", "exec_start: sh -c exit 4|", "exec_die|4",
            "exec_create: true |", "exec_start: true |"); // dockerd's text: entrypoint, space, arguments
    }

    @Test
    void interactiveTerminalThroughTmux() throws Exception {
        runBox("tty");
        try (var term = TmuxTerminal.docker(docker(), 100, 30, "exec -it tty sh")) {
            term.await("/ #"); // capture-pane trims the trailing blank
            term.typeLine("echo answer-$((6*7)); stty size");
            term.await("answer-42");
            assertThat(term.await("30 100")).contains("answer-42");
            term.typeLine("exit 3");
            assertThat(term.await("EXITED=")).contains("EXITED=3");
        }
    }

    private void awaitOk(Duration timeout, String... args) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (docker().run(args).ok()) return;
            Thread.sleep(200);
        }
        throw new AssertionError("never succeeded: docker " + String.join(" ", args));
    }
}
