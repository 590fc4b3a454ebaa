package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.error.BerthException;
import dev.berth.core.runtime.RuntimeSpec;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The small text formats the runtime reads: /proc limits, runc's errors, conmon's sync and log files. */
class ParsersTest {

    @Test
    void procLimits() {
        HostRlimits h = HostRlimits.parse("""
            Limit                     Soft Limit           Hard Limit           Units
            Max processes             96365                96365                processes
            Max open files            1024                 20000                files
            Max core file size        0                    unlimited            bytes
            """);
        assertThat(h.hard("nofile")).isEqualTo(20000);
        assertThat(h.hard("core")).isEqualTo(-1);
        assertThat(h.clamp(new RuntimeSpec.Rlimit("nofile", 30000, 40000))).isEqualTo(new RuntimeSpec.Rlimit("nofile", 20000, 20000));
        assertThat(h.clamp(new RuntimeSpec.Rlimit("core", 5, -1))).isEqualTo(new RuntimeSpec.Rlimit("core", 5, -1));
    }

    @Test
    void runcMessagesAndClassification() {
        assertThat(Runc.message("time=\"2026-01-01T00:00:00Z\" level=error msg=\"exec: \\\"x\\\": executable file not found in $PATH\"\n"))
            .isEqualTo("exec: \"x\": executable file not found in $PATH");
        assertThat(Runc.message("{\"level\":\"error\",\"msg\":\"container does not exist\",\"time\":\"…\"}\n"))
            .isEqualTo("container does not exist");
        assertThat(Runc.classify("c1", "state", "container does not exist")).isInstanceOf(BerthException.NotFound.class)
            .hasMessage("No such container: c1");
        assertThat(Runc.classify("c1", "pause", "container not running")).isInstanceOf(BerthException.Conflict.class);
        assertThat(Runc.classify("c1", "update", "invalid memory")).isInstanceOf(BerthException.InvalidArgument.class);
        assertThat(Runc.classify("c1", "kill", "weird")).isInstanceOf(BerthException.Internal.class);
    }

    @Test
    void startExitCodes() {
        assertThat(Conmon.startExitCode("exec: \"x\": executable file not found in $PATH")).isEqualTo(127);
        assertThat(Conmon.startExitCode("exec: \"/x\": stat /x: no such file or directory")).isEqualTo(127);
        assertThat(Conmon.startExitCode("exec: \"/etc\": permission denied")).isEqualTo(126);
        assertThat(Conmon.startExitCode("something else")).isEqualTo(128);
    }

    @Test
    void k8sFileLogJoinsPartialLines() {
        var entries = K8sFileLog.parse("""
            2026-01-01T00:00:00.000000001+00:00 stdout P hel
            2026-01-01T00:00:00.000000002+00:00 stderr F oops
            2026-01-01T00:00:00.000000003+00:00 stdout F lo world
            2026-01-01T00:00:00.000000004+00:00 stdout F\s
            2026-01-01T00:00:00.000000005+00:00 stdout P tail
            """);
        assertThat(entries).extracting(K8sFileLog.Entry::stream, K8sFileLog.Entry::text, K8sFileLog.Entry::complete)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(K8sFileLog.Stream.STDERR, "oops", true),
                org.assertj.core.groups.Tuple.tuple(K8sFileLog.Stream.STDOUT, "hello world", true),
                org.assertj.core.groups.Tuple.tuple(K8sFileLog.Stream.STDOUT, "", true),
                org.assertj.core.groups.Tuple.tuple(K8sFileLog.Stream.STDOUT, "tail", false));
        assertThat(entries.get(1).time()).isEqualTo(OffsetDateTime.parse("2026-01-01T00:00:00.000000001+00:00"));
    }
}
