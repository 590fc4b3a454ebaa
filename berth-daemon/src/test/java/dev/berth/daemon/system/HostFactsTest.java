package dev.berth.daemon.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFactsTest {
    @TempDir Path root;

    private void write(String relative, String content) throws Exception {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void readsKernelOsAndMemory() throws Exception {
        write("proc/sys/kernel/osrelease", "6.1.0-13-amd64\n");
        write("proc/sys/kernel/hostname", "box\n");
        write("etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n");
        write("proc/meminfo", "MemTotal:        8135804 kB\nMemFree:  100 kB\n");
        HostFacts facts = new HostFacts(root);
        assertThat(facts.kernelVersion()).isEqualTo("6.1.0-13-amd64");
        assertThat(facts.hostname()).isEqualTo("box");
        assertThat(facts.operatingSystem()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(facts.osVersion()).isEqualTo("12");
        assertThat(facts.memTotal()).isEqualTo(8135804L * 1024);
    }

    @Test
    void missingFilesGiveNeutralValues() {
        HostFacts facts = new HostFacts(root);
        assertThat(facts.memTotal()).isZero();
        assertThat(facts.operatingSystem()).isEqualTo("Linux");
        assertThat(facts.cgroupMode()).isEqualTo(CgroupMode.V1);
    }

    @Test
    void detectsCgroupV2() throws Exception {
        write("proc/self/mountinfo", """
            22 1 254:0 / / rw,relatime - ext4 /dev/vda rw
            30 22 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate
            """);
        assertThat(new HostFacts(root).cgroupMode()).isEqualTo(CgroupMode.V2);
        assertThat(CgroupMode.V2.reportedVersion()).isEqualTo("2");
    }

    @Test
    void detectsHybridAndReportsItAsVersionOne() throws Exception {
        write("proc/self/mountinfo", """
            22 1 254:0 / / rw,relatime - ext4 /dev/vda rw
            25 22 0:22 / /sys/fs/cgroup ro,nosuid shared:9 - tmpfs tmpfs ro,mode=755
            26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid shared:10 - cgroup2 cgroup2 rw,nsdelegate
            27 25 0:24 / /sys/fs/cgroup/memory rw,nosuid shared:11 - cgroup cgroup rw,memory
            """);
        HostFacts facts = new HostFacts(root);
        assertThat(facts.cgroupMode()).isEqualTo(CgroupMode.HYBRID);
        assertThat(facts.cgroupMode().reportedVersion()).isEqualTo("1");
    }

    @Test
    void detectsCgroupV1() throws Exception {
        write("proc/self/mountinfo", """
            25 22 0:22 / /sys/fs/cgroup ro,nosuid shared:9 - tmpfs tmpfs ro,mode=755
            27 25 0:24 / /sys/fs/cgroup/memory rw,nosuid shared:11 - cgroup cgroup rw,memory
            """);
        assertThat(new HostFacts(root).cgroupMode()).isEqualTo(CgroupMode.V1);
    }

    @Test
    void backingFilesystemIsTheLongestCoveringMount() throws Exception {
        write("proc/self/mountinfo", """
            22 1 254:0 / / rw,relatime - ext4 /dev/vda rw
            40 22 0:40 / /var/lib rw,relatime - xfs /dev/vdb rw
            41 22 0:41 / /var/lib2 rw,relatime - btrfs /dev/vdc rw
            """);
        HostFacts facts = new HostFacts(root);
        assertThat(facts.backingFilesystem(Path.of("/var/lib/berth"))).isEqualTo("xfs");
        assertThat(facts.backingFilesystem(Path.of("/srv"))).isEqualTo("extfs");
    }
}
