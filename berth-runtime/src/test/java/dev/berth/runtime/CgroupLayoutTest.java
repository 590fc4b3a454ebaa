package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mode detection and value parsing over fake cgroup trees (the real v1 host is covered by RuncRuntimeTest). */
class CgroupLayoutTest {
    @TempDir Path root;

    void file(String path, String content) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content + "\n");
    }

    @Test
    void unifiedHierarchy() throws IOException {
        file("cgroup.controllers", "cpuset cpu io memory pids");
        String cg = "/berth/c1";
        file("berth/c1/memory.max", "67108864");
        file("berth/c1/memory.swap.max", "max");
        file("berth/c1/memory.low", "0");
        file("berth/c1/cpu.max", "50000 100000");
        file("berth/c1/cpu.weight", "20");
        file("berth/c1/cpuset.cpus", "0-1");
        file("berth/c1/cpuset.mems", "");
        file("berth/c1/pids.max", "max");
        file("berth/c1/memory.current", "1234");
        file("berth/c1/pids.current", "3");
        file("berth/c1/cpu.stat", "usage_usec 7\nuser_usec 5");

        CgroupLayout l = CgroupLayout.detect(root);
        assertThat(l.mode()).isEqualTo(CgroupLayout.Mode.V2);
        assertThat(l.features().blkioWeight()).isTrue();
        assertThat(l.features().oomKillDisable()).isFalse();
        assertThat(l.limits(cg)).isEqualTo(new CgroupLayout.Limits(67108864, -1, 0, 20, 50000, 100000, "0-1", "", -1));
        assertThat(l.usage(cg)).isEqualTo(new CgroupLayout.Usage(1234, 7000, 3));
        assertThat(l.existingDirs(cg)).containsExactly(root.resolve("berth/c1"));
    }

    @Test
    void hybridIsReadAsV1() throws IOException {
        file("unified/cgroup.controllers", "");
        file("memory/memory.limit_in_bytes", "9223372036854771712");
        file("memory/berth/c1/memory.limit_in_bytes", "9223372036854771712");
        file("memory/berth/c1/memory.soft_limit_in_bytes", "33554432");
        file("cpu/berth/c1/cpu.shares", "1024");
        file("cpu/berth/c1/cpu.cfs_quota_us", "-1");
        file("cpu/berth/c1/cpu.cfs_period_us", "100000");
        file("cpuset/berth/c1/cpuset.cpus", "0");
        file("cpuset/berth/c1/cpuset.mems", "0");
        file("pids/berth/c1/pids.max", "42");
        Files.createDirectories(root.resolve("unified/berth/c1"));

        CgroupLayout l = CgroupLayout.detect(root);
        assertThat(l.mode()).isEqualTo(CgroupLayout.Mode.HYBRID);
        assertThat(l.features().memorySwap()).isFalse();
        assertThat(l.limits("/berth/c1")).isEqualTo(new CgroupLayout.Limits(-1, -1, 33554432, 1024, -1, 100000, "0", "0", 42));
        assertThat(l.existingDirs("/berth/c1")).hasSize(5);
        assertThat(l.dir("memory", "/berth/c1")).isEqualTo(root.resolve("memory/berth/c1"));
    }

    @Test
    void bfqOffersBlkioWeightThoughOnlyChildCgroupsHaveTheFile() throws IOException {
        file("blkio/blkio.throttle.io_service_bytes", "");
        assertThat(CgroupLayout.detect(root).features().blkioWeight()).isFalse();
        file("blkio/blkio.bfq.io_service_bytes", "");
        assertThat(CgroupLayout.detect(root).features().blkioWeight()).isTrue();
    }

    @Test
    void plainV1() {
        assertThat(CgroupLayout.detect(root).mode()).isEqualTo(CgroupLayout.Mode.V1);
    }
}
