package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** docker run options reach the container: checked from inside it, as a user would. */
class ContainerOptionsIT extends BusyboxContainers {
    /** Output of {@code docker run --rm <args>}, which must succeed. */
    private String run(String... args) {
        String[] argv = new String[args.length + 2];
        argv[0] = "run";
        argv[1] = "--rm";
        System.arraycopy(args, 0, argv, 2, args.length);
        return berth.docker().ok(argv).stdout();
    }

    /** A cgroup v1 file of the container, read on the host (containers live under the berth parent). */
    private static String cgroup(String controller, String id, String file) {
        try {
            return java.nio.file.Files.readString(Path.of("/sys/fs/cgroup", controller, "berth", id, file)).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private DockerCli.Result fails(String... args) {
        var r = berth.docker().run(args);
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        return r;
    }

    @Test
    void filesystemOptions() {
        var ro = berth.docker().run("run", "--rm", "--read-only", "busybox", "touch", "/x");
        assertThat(ro.exitCode()).isEqualTo(1);
        assertThat(ro.stderr()).contains("Read-only file system");
        assertThat(run("--tmpfs", "/run:size=1m", "busybox", "grep", " /run ", "/proc/mounts"))
            .contains("tmpfs /run tmpfs").contains("noexec").contains("size=1024k");
        assertThat(run("--shm-size", "8m", "busybox", "df", "-k", "/dev/shm")).contains("8192");
        assertThat(run("-w", "/tmp", "busybox", "pwd")).isEqualTo("/tmp\n");
    }

    @Test
    void identityOptions() {
        assertThat(run("-u", "1000:1000", "--group-add", "10", "--group-add", "20", "busybox", "id"))
            .isEqualTo("uid=1000 gid=1000 groups=10,20\n");
        String grouped = berth.docker().ok("create", "--group-add", "10", "--group-add", "audio", "busybox", "id").stdout().strip();
        assertThat(berth.docker().ok("inspect", "-f", "{{json .HostConfig.GroupAdd}}", grouped).stdout().strip())
            .isEqualTo("[\"10\",\"audio\"]");
        berth.docker().ok("rm", grouped);
        assertThat(run("-h", "myhost", "busybox", "sh", "-c", "hostname; cat /etc/hostname")).isEqualTo("myhost\nmyhost\n");
        assertThat(run("-e", "A=1", "--entrypoint", "sh", "busybox", "-c", "echo $A")).isEqualTo("1\n");
        assertThat(run("--init", "busybox", "ps", "-o", "comm")).contains("docker-init");
    }

    @Test
    void capabilitiesAndSecurity() {
        assertThat(run("busybox", "grep", "CapEff", "/proc/self/status")).contains("00000000a80425fb");
        assertThat(run("--cap-drop", "ALL", "--cap-add", "NET_ADMIN", "busybox", "grep", "CapEff", "/proc/self/status"))
            .contains("0000000000001000");
        String privileged = run("--privileged", "busybox", "grep", "CapEff", "/proc/self/status");
        assertThat(Long.parseUnsignedLong(privileged.strip().split("\\s+")[1], 16)).isGreaterThan(0xa80425fbL);
        var unknown = fails("run", "--rm", "--cap-add", "FOO", "busybox", "true");
        assertThat(unknown.exitCode()).isEqualTo(125);
        assertThat(unknown.stderr()).contains("unknown capability: \"CAP_FOO\"");
        assertThat(run("--security-opt", "no-new-privileges", "busybox", "grep", "NoNewPrivs", "/proc/self/status")).contains("1");
        assertThat(run("busybox", "grep", "Seccomp:", "/proc/self/status")).contains("2");
        assertThat(run("--security-opt", "seccomp=unconfined", "busybox", "grep", "Seccomp:", "/proc/self/status")).contains("0");
        assertThat(run("--ulimit", "nofile=1024:2048", "busybox", "sh", "-c", "ulimit -n; ulimit -Hn")).isEqualTo("1024\n2048\n");
        assertThat(run("--oom-score-adj", "100", "busybox", "cat", "/proc/self/oom_score_adj")).isEqualTo("100\n");
    }

    @Test
    void devices() {
        assertThat(run("--device", "/dev/null:/dev/mynull", "busybox", "ls", "-l", "/dev/mynull")).contains("1,   3");
        var missing = fails("run", "--rm", "--device", "/dev/does-not-exist", "busybox", "true");
        assertThat(missing.stderr()).contains("error gathering device information while adding custom device \"/dev/does-not-exist\"");
    }

    @Test
    void namespaceModes() {
        assertThat(run("--network", "none", "busybox", "ls", "/sys/class/net")).isEqualTo("lo\n");
        assertThat(run("--network", "host", "busybox", "ls", "/sys/class/net").lines().count()).isGreaterThan(1);
        assertThat(run("busybox", "sh", "-c", "echo $$")).isEqualTo("1\n");
        assertThat(run("--pid", "host", "busybox", "sh", "-c", "echo $$")).isNotEqualTo("1\n");
    }

    @Test
    void resourceLimitsLandInCgroupsAndUpdateChangesThem() {
        String id = berth.docker().ok("run", "-d", "-m", "64m", "--memory-swap", "128m", "--cpus", "0.5", "--cpu-shares", "512",
            "--pids-limit", "50", "--cpuset-cpus", "0", "busybox", "sleep", "300").stdout().strip();
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(Path.of("/sys/fs/cgroup/memory/berth", id)),
            "cgroup v1 layout (this test reads v1 files)");
        assertThat(cgroup("memory", id, "memory.limit_in_bytes")).isEqualTo("67108864");
        assertThat(cgroup("memory", id, "memory.memsw.limit_in_bytes")).isEqualTo("134217728");
        assertThat(cgroup("pids", id, "pids.max")).isEqualTo("50");
        assertThat(cgroup("cpu", id, "cpu.cfs_quota_us")).isEqualTo("50000");
        assertThat(cgroup("cpu", id, "cpu.shares")).isEqualTo("512");
        assertThat(cgroup("cpuset", id, "cpuset.cpus")).isEqualTo("0");
        berth.docker().ok("update", "-m", "96m", "--memory-swap", "192m", "--pids-limit", "60", id);
        assertThat(cgroup("memory", id, "memory.limit_in_bytes")).isEqualTo(Long.toString(96L << 20));
        assertThat(cgroup("pids", id, "pids.max")).isEqualTo("60");
        berth.docker().ok("rm", "-f", id);

        // soft limit, OOM killer switch and block I/O weight (CFQ's blkio.weight or BFQ's blkio.bfq.weight)
        var run = berth.docker().ok("run", "-d", "-m", "64m", "--memory-reservation", "32m", "--oom-kill-disable",
            "--blkio-weight", "300", "busybox", "sleep", "300");
        String soft = run.stdout().strip();
        assertThat(run.stderr()).doesNotContain("WARNING");
        assertThat(cgroup("memory", soft, "memory.soft_limit_in_bytes")).isEqualTo(Long.toString(32L << 20));
        assertThat(cgroup("memory", soft, "memory.oom_control")).contains("oom_kill_disable 1");
        Path blkio = Path.of("/sys/fs/cgroup/blkio/berth", soft);
        String weightFile = java.nio.file.Files.exists(blkio.resolve("blkio.weight")) ? "blkio.weight" : "blkio.bfq.weight";
        assertThat(cgroup("blkio", soft, weightFile)).isEqualTo("300");
        berth.docker().ok("update", "--blkio-weight", "500", soft);
        assertThat(cgroup("blkio", soft, weightFile)).isEqualTo("500");
        berth.docker().ok("rm", "-f", soft);

        var tooSmall = fails("run", "--rm", "-m", "1k", "busybox", "true");
        assertThat(tooSmall.stderr()).contains("Minimum memory limit allowed is 6MB");
    }

    /** Rejected at create with dockerd 20.10's words (checked side by side), not left to fail in runc at start. */
    @Test
    void badOptionsAreRefusedAtCreateAsDockerdDoes() throws Exception {
        String cpus = java.nio.file.Files.readString(Path.of("/sys/fs/cgroup/cpuset/cpuset.cpus")).strip();
        assertThat(fails("create", "--cpuset-cpus", "99", "busybox", "true").stderr())
            .contains("Requested CPUs are not available - requested 99, available: " + cpus);
        assertThat(fails("create", "--cpuset-cpus", "abc", "busybox", "true").stderr())
            .contains("Invalid value abc for cpuset cpus: invalid format: abc");
        assertThat(fails("create", "--cpuset-mems", "5", "busybox", "true").stderr())
            .contains("Requested memory nodes are not available - requested 5, available: ");
        assertThat(fails("create", "--stop-signal", "FOO", "busybox", "true").stderr()).contains("Invalid signal: FOO");
        assertThat(fails("create", "--tmpfs", "relative", "busybox", "true").stderr())
            .contains("invalid mount path: 'relative' mount path must be absolute");
        assertThat(berth.docker().ok("ps", "-aq").stdout()).isBlank();
        // what dockerd accepts: a negative pids limit is no limit, any signal number
        String id = berth.docker().ok("create", "--pids-limit", "-5", "--stop-signal", "99", "busybox", "true").stdout().strip();
        assertThat(berth.docker().ok("inspect", "-f", "{{.HostConfig.PidsLimit}} {{.Config.StopSignal}}", id).stdout().strip())
            .isEqualTo("<nil> 99");
        berth.docker().ok("rm", id);
    }

    /** --pid container:<name> with dockerd 20.10's rules and messages (checked side by side); --ipc container: is refused. */
    @Test
    void pidJoinsAnotherContainerAndIpcJoinIsRefusedClearly() {
        berth.docker().ok("run", "-d", "--name", "donor", "busybox", "sleep", "300");
        assertThat(run("--pid", "container:donor", "busybox", "ps", "-o", "comm")).contains("sleep");
        assertThat(fails("create", "--pid", "container:nosuch", "busybox", "true").stderr()).contains("No such container: nosuch");
        String stopped = berth.docker().ok("create", "--name", "stopped", "busybox", "true").stdout().strip();
        assertThat(fails("run", "--rm", "--pid", "container:stopped", "busybox", "true").stderr())
            .contains("container " + stopped + " is not running");
        // not run with a private IPC namespace as if it had worked
        assertThat(fails("run", "--rm", "--ipc", "container:donor", "busybox", "true").stderr())
            .contains("IpcMode container:donor is not supported by Berth yet");
        berth.docker().ok("rm", "-f", "donor", "stopped");
    }

    /** dockerd's swap rules, which scripts growing a container's memory run into: checked against dockerd 20.10. */
    @Test
    void memoryWithoutSwapStoresTwiceTheMemoryAndUpdatesAreHeldToIt() {
        String id = berth.docker().ok("run", "-d", "-m", "64m", "busybox", "sleep", "300").stdout().strip();
        assertThat(berth.docker().ok("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}", id).stdout().strip())
            .isEqualTo("67108864 134217728");
        var above = fails("update", "-m", "200m", id);
        assertThat(above.stderr()).contains("Cannot update container " + id
            + ": Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time");
        berth.docker().ok("update", "-m", "32m", id);
        berth.docker().ok("update", "-m", "200m", "--memory-swap", "400m", id);
        assertThat(berth.docker().ok("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}", id).stdout().strip())
            .isEqualTo((200L << 20) + " " + (400L << 20));
        berth.docker().ok("rm", "-f", id);

        // no limits at all: swap is 0, so a memory limit alone is refused too (as dockerd does)
        String free = berth.docker().ok("run", "-d", "busybox", "sleep", "300").stdout().strip();
        assertThat(fails("update", "-m", "128m", free).stderr()).contains("update the memoryswap at the same time");
        berth.docker().ok("update", "-m", "128m", "--memory-swap", "-1", free);
        berth.docker().ok("rm", "-f", free);
    }
}
