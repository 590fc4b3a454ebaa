package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.runtime.ResourceUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupMetricsTest {

    @Test
    void parsesProcFiles() {
        assertThat(CgroupMetrics.parseProcStat("cpu  100 5 50 1000 10 1 2 3 0 0\ncpu0 1 2 3\n")).isEqualTo(1171L * 10_000_000L);
        var nets = CgroupMetrics.parseNetDev("""
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0
              eth0:    2048      20    1    2    0     0          0         0     1024      10    3    4    0     0       0          0
            """);
        assertThat(nets).containsOnlyKeys("eth0");
        assertThat(nets.get("eth0")).isEqualTo(new ResourceUsage.NetworkIo(2048, 20, 1, 2, 1024, 10, 3, 4));
    }

    @Test
    void parsesBlkioOfBothVersions() {
        assertThat(CgroupMetrics.parseBlkioV1("8:0 Read 4096\n8:0 Write 512\n8:0 Total 4608\nTotal 4608\n"))
            .containsExactly(new ResourceUsage.Blkio(8, 0, "read", 4096), new ResourceUsage.Blkio(8, 0, "write", 512),
                new ResourceUsage.Blkio(8, 0, "total", 4608));
        assertThat(CgroupMetrics.parseIoStat("259:0 rbytes=100 wbytes=200 rios=1 wios=2 dbytes=0 dios=0\n"))
            .containsExactly(new ResourceUsage.Blkio(259, 0, "read", 100), new ResourceUsage.Blkio(259, 0, "write", 200));
    }

    @Test
    void readsAV1Cgroup(@TempDir Path root) throws Exception {
        Path mem = Files.createDirectories(root.resolve("memory/berth/c1"));
        Files.writeString(mem.resolve("memory.usage_in_bytes"), "1048576\n");
        Files.writeString(mem.resolve("memory.limit_in_bytes"), "67108864\n");
        Files.writeString(mem.resolve("memory.stat"), "cache 4096\ntotal_inactive_file 8192\n");
        Path acct = Files.createDirectories(root.resolve("cpuacct/berth/c1"));
        Files.writeString(acct.resolve("cpuacct.usage"), "5000\n");
        Files.writeString(acct.resolve("cpuacct.usage_percpu"), "2000 3000 \n");
        Files.writeString(acct.resolve("cpuacct.stat"), "user 3\nsystem 1\n");
        Path pids = Files.createDirectories(root.resolve("pids/berth/c1"));
        Files.writeString(pids.resolve("pids.current"), "2\n");
        Files.writeString(pids.resolve("pids.max"), "max\n");
        Path proc = Files.createDirectories(root.resolve("proc"));
        Files.writeString(proc.resolve("stat"), "cpu  1 0 0 0 0 0 0 0\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal:       1024000 kB\n");
        var clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        var metrics = new CgroupMetrics(CgroupLayout.detect(root), id -> "/berth/" + id, proc, clock);

        ResourceUsage u = metrics.read("c1", 0);
        assertThat(u.read()).isEqualTo(clock.instant());
        assertThat(u.cpu().totalNanos()).isEqualTo(5000);
        assertThat(u.cpu().perCpuNanos()).containsExactly(2000L, 3000L);
        assertThat(u.cpu().userNanos()).isEqualTo(30_000_000L);
        assertThat(u.cpu().systemNanos()).isEqualTo(10_000_000L);
        assertThat(u.memory().usage()).isEqualTo(1048576);
        assertThat(u.memory().limit()).isEqualTo(67108864);
        assertThat(u.memory().stats()).containsEntry("total_inactive_file", 8192L);
        assertThat(u.pids()).isEqualTo(new ResourceUsage.Pids(2, 0));
        assertThat(u.networks()).isEmpty();

        Files.writeString(mem.resolve("memory.limit_in_bytes"), "9223372036854771712\n");
        assertThat(metrics.read("c1", 0).memory().limit()).as("unlimited: the host's memory").isEqualTo(1024000L * 1024);
    }

    @Test
    void execEnvOverridesTheContainersByKey() throws Exception {
        var env = new ObjectMapper().readTree("[\"PATH=/bin\", \"A=1\", \"B=2\"]");
        assertThat(ConmonExec.mergedEnv(env, List.of("A=9", "C=3")).toString()).isEqualTo("[\"PATH=/bin\",\"A=9\",\"B=2\",\"C=3\"]");
    }
}
