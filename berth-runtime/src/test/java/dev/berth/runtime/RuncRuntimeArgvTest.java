package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.common.process.CommandRunner;
import dev.berth.core.runtime.ContainerProcessState;
import dev.berth.core.runtime.Resources;
import dev.berth.core.runtime.RuntimeSpec;
import dev.berth.core.runtime.StdioOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact command lines RuncRuntime runs, through a recording CommandRunner (no real processes). */
class RuncRuntimeArgvTest {
    @TempDir Path tmp;

    record Call(List<String> argv, Map<String, String> env, String stdin) {}

    static final class RecordingRunner implements CommandRunner {
        final List<Call> calls = new ArrayList<>();
        Function<List<String>, Result> answer = argv -> new Result(0, "", "");

        @Override
        public Result run(List<String> argv, Map<String, String> env, byte[] stdin, Duration timeout) {
            calls.add(new Call(argv, env, stdin == null ? null : new String(stdin, StandardCharsets.UTF_8)));
            return answer.apply(argv);
        }
    }

    final RecordingRunner runner = new RecordingRunner();

    RuncRuntime runtime() {
        var features = new CgroupLayout.Features(true, true, true, true, true, true, true, true, 2, "0-1", "0");
        var writer = new OciSpecWriter(features, HostRlimits.of(Map.of()), Capabilities.ofAllKnown(), Path.of("/tini"), new HostDevices(Path.of("/dev")));
        return new RuncRuntime(RuncRuntime.Config.runc(tmp.resolve("state")), runner, writer, CgroupLayout.detect(tmp));
    }

    @Test
    void createLaunchesConmonWithRuncArgsAndReadsThePidFromTheSyncFile() throws IOException {
        runner.answer = argv -> {
            // what conmon does through fd 3: report the container pid on the sync file
            write(Path.of(argv.get(5)), "{\"data\": 4242}\n");
            return new CommandRunner.Result(0, "", "");
        };
        Path bundle = tmp.resolve("bundle");
        Path log = tmp.resolve("c1.log");
        ContainerProcessState s = runtime().create("c1", bundle, RuntimeSpec.of(tmp.resolve("rootfs"), List.of("true")),
            new StdioOptions(log, true, false, 1000));

        assertThat(s).isEqualTo(new ContainerProcessState.Created(4242));
        assertThat(bundle.resolve("config.json")).exists();
        Path dir = tmp.resolve("state/containers/c1");
        Call call = runner.calls.getFirst();
        assertThat(call.env()).containsExactly(Map.entry("_OCI_SYNCPIPE", "3"));
        assertThat(call.argv()).containsExactly("/bin/sh", "-c", "cd \"$1\" && exec 3>>\"$2\" && shift 2 && exec \"$@\"", "sh",
            dir.toString(), dir.resolve("sync").toString(),
            "/usr/bin/conmon", "--api-version", "1", "-c", "c1", "-u", "c1", "-n", "c1", "-r", "/usr/sbin/runc",
            "-b", bundle.toString(), "-p", dir.resolve("init.pid").toString(), "-P", dir.resolve("conmon.pid").toString(),
            "--exit-dir", dir.resolve("exits").toString(), "-0", dir.toString(), "-l", "k8s-file:" + log,
            "--log-level", "error", "--socket-dir-path", tmp.resolve("state/sockets").toString(),
            "--log-size-max", "1000", "-i", "--leave-stdin-open",
            "--runtime-arg", "--root=" + tmp.resolve("state/runc"), "--runtime-arg", "--log-format=json");
    }

    @Test
    void stdinOnceLetsConmonCloseStdinWithTheClient() {
        runner.answer = argv -> {
            write(Path.of(argv.get(5)), "{\"data\": 4242}\n");
            return new CommandRunner.Result(0, "", "");
        };
        runtime().create("c1", tmp.resolve("bundle"), RuntimeSpec.of(tmp.resolve("rootfs"), List.of("cat")),
            new StdioOptions(tmp.resolve("c1.log"), true, false, 0).withStdinOnce(true));
        assertThat(runner.calls.getFirst().argv()).contains("-i").doesNotContain("--leave-stdin-open");
    }

    /** docker run -it: a TTY's stdin stays open whatever attach connections end (detach keys, then attach again). */
    @Test
    void stdinOnceWithATtyLeavesStdinOpen() {
        runner.answer = argv -> {
            write(Path.of(argv.get(5)), "{\"data\": 4242}\n");
            return new CommandRunner.Result(0, "", "");
        };
        RuntimeSpec sh = RuntimeSpec.of(tmp.resolve("rootfs"), List.of("sh"));
        runtime().create("c1", tmp.resolve("bundle"), sh.withProcess(sh.process().withTerminal(true)),
            new StdioOptions(tmp.resolve("c1.log"), true, true, 0).withStdinOnce(true));
        assertThat(runner.calls.getFirst().argv()).contains("-i", "-t", "--leave-stdin-open");
    }

    @Test
    void createFailureCarriesRuncsMessageAndCleansUp() {
        runner.answer = argv -> {
            if (argv.get(0).equals("/bin/sh")) {
                write(Path.of(argv.get(5)), "{\"data\": -1, \"message\": \"{\\\"level\\\":\\\"error\\\",\\\"msg\\\":\\\"runc create failed: "
                    + "unable to start container process: exec: \\\\\\\"nope\\\\\\\": executable file not found in $PATH\\\"}\\n\"}\n");
                return new CommandRunner.Result(0, "", "");
            }
            return new CommandRunner.Result(1, "", "container does not exist");
        };
        assertThatThrownBy(() -> runtime().create("c1", tmp.resolve("b"), RuntimeSpec.of(tmp, List.of("nope")), StdioOptions.logTo(tmp.resolve("l"))))
            .isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessage("failed to create container c1: runc create failed: unable to start container process: "
                + "exec: \"nope\": executable file not found in $PATH");
        assertThat(tmp.resolve("state/containers/c1")).doesNotExist();
        assertThat(runner.calls.get(1).argv()).containsExactly("/usr/sbin/runc", "--root=" + tmp.resolve("state/runc"), "delete", "--force", "c1");
    }

    @Test
    void lifecycleCommands() {
        RuncRuntime rt = runtime();
        String root = "--root=" + tmp.resolve("state/runc");
        rt.start("c1");
        rt.kill("c1", 15);
        rt.pause("c1");
        rt.resume("c1");
        rt.update("c1", Resources.NONE.withMemory(64L << 20).withMemorySwap(128L << 20).withPidsLimit(10L));
        assertThat(runner.calls).extracting(Call::argv).containsExactly(
            List.of("/usr/sbin/runc", root, "start", "c1"),
            List.of("/usr/sbin/runc", root, "kill", "c1", "15"),
            List.of("/usr/sbin/runc", root, "pause", "c1"),
            List.of("/usr/sbin/runc", root, "resume", "c1"),
            List.of("/usr/sbin/runc", root, "update", "--resources", "-", "c1"));
        assertThat(runner.calls.getLast().stdin().replaceAll("\\s", ""))
            .isEqualTo("{\"memory\":{\"limit\":67108864,\"swap\":134217728},\"pids\":{\"limit\":10}}");
    }

    @Test
    void unknownContainerIsNotFound() {
        runner.answer = argv -> new CommandRunner.Result(1, "", "time=\"x\" level=error msg=\"container does not exist\"\n");
        RuncRuntime rt = runtime();
        assertThatThrownBy(() -> rt.state("ghost")).isInstanceOf(BerthException.NotFound.class).hasMessage("No such container: ghost");
        assertThatThrownBy(() -> rt.delete("ghost", true)).isInstanceOf(BerthException.NotFound.class);
        assertThatThrownBy(() -> rt.kill("ghost", 9)).isInstanceOf(BerthException.NotFound.class);
        assertThatThrownBy(() -> rt.create("../x", tmp, RuntimeSpec.of(tmp, List.of("x")), StdioOptions.logTo(tmp.resolve("l"))))
            .isInstanceOf(BerthException.InvalidArgument.class);
    }

    static void write(Path p, String s) {
        try {
            Files.writeString(p, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
