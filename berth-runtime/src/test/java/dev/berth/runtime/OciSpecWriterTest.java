package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.error.BerthException;
import dev.berth.core.runtime.Namespaces;
import dev.berth.core.runtime.Resources;
import dev.berth.core.runtime.RuntimeSpec;
import dev.berth.core.runtime.Security;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class OciSpecWriterTest {
    static final long MIB = 1024 * 1024;
    static final CgroupLayout.Features ALL_FEATURES = new CgroupLayout.Features(true, true, true, true, true, true, true, true, 2, "0-1", "0");
    static final HostRlimits HOST = HostRlimits.of(Map.of("nofile", 20000L, "nproc", -1L));

    final OciSpecWriter writer = writer(ALL_FEATURES);
    final RuntimeSpec base = RuntimeSpec.of(Path.of("/rootfs"), List.of("sh"));

    static OciSpecWriter writer(CgroupLayout.Features f) {
        return new OciSpecWriter(f, HOST, Capabilities.ofAllKnown(), Path.of("/usr/bin/tini-static"), new HostDevices(Path.of("/dev")));
    }

    ObjectNode json(RuntimeSpec spec) { return writer.write("c1", spec).json(); }

    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    static List<String> caps(ObjectNode json) { return texts(json.at("/process/capabilities/effective")); }

    @Test
    void defaultsMatchDocker() {
        ObjectNode j = json(base);
        assertThat(caps(j)).containsExactlyInAnyOrder("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
        assertThat(texts(j.at("/process/capabilities/bounding"))).isEqualTo(caps(j));
        assertThat(texts(j.at("/linux/maskedPaths"))).contains("/proc/kcore", "/proc/keys", "/sys/firmware", "/proc/acpi");
        assertThat(texts(j.at("/linux/readonlyPaths"))).containsExactly("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");
        assertThat(j.findValuesAsText("destination")).containsExactly("/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm");
        assertThat(mount(j, "/dev/shm").get("options").toString()).contains("size=67108864");
        assertThat(mount(j, "/sys").get("options").toString()).contains("\"ro\"");
        assertThat(j.at("/linux/cgroupsPath").asText()).isEqualTo("/berth/c1");
        assertThat(j.at("/linux/namespaces").findValuesAsText("type")).containsExactly("pid", "network", "ipc", "uts", "mount");
        assertThat(j.at("/linux/resources/devices/0").toString()).isEqualTo("{\"allow\":false,\"access\":\"rwm\"}");
        assertThat(j.at("/linux/devices").findValuesAsText("path")).contains("/dev/null", "/dev/urandom", "/dev/tty");
        assertThat(j.at("/linux/seccomp/defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(j.at("/process/noNewPrivileges").asBoolean()).isFalse();
        assertThat(j.at("/process/cwd").asText()).isEqualTo("/");
    }

    @Test
    void capAddDropAndAll() {
        assertThat(caps(json(base.withSecurity(Security.DEFAULT.withCaps(List.of("net_admin"), List.of("CAP_CHOWN", "mknod"))))))
            .contains("CAP_NET_ADMIN").doesNotContain("CAP_CHOWN", "CAP_MKNOD");
        assertThat(caps(json(base.withSecurity(Security.DEFAULT.withCaps(List.of("KILL"), List.of("ALL"))))))
            .containsExactly("CAP_KILL");
        assertThat(caps(json(base.withSecurity(Security.DEFAULT.withCaps(List.of("ALL"), List.of("SYS_ADMIN"))))))
            .hasSize(Capabilities.KNOWN.size() - 1).doesNotContain("CAP_SYS_ADMIN");
        // adds win over drops, as in Docker
        assertThat(caps(json(base.withSecurity(Security.DEFAULT.withCaps(List.of("CHOWN"), List.of("CHOWN"))))))
            .contains("CAP_CHOWN");
    }

    @Test
    void unknownCapabilityIsInvalidArgument() {
        assertThatThrownBy(() -> json(base.withSecurity(Security.DEFAULT.withCaps(List.of("FLY"), List.of()))))
            .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("unknown capability: \"CAP_FLY\"");
    }

    @Test
    void privilegedUnmasksAndOpensEverything() {
        ObjectNode j = json(base.withSecurity(Security.DEFAULT.withPrivileged(true).withCaps(List.of(), List.of("ALL"))));
        assertThat(caps(j)).hasSize(Capabilities.KNOWN.size());
        assertThat(j.at("/linux/maskedPaths")).isEmpty();
        assertThat(j.at("/linux/readonlyPaths")).isEmpty();
        assertThat(j.at("/linux").has("seccomp")).isFalse();
        assertThat(j.at("/linux/resources/devices").toString()).isEqualTo("[{\"allow\":true,\"access\":\"rwm\"}]");
        assertThat(mount(j, "/sys").get("options").toString()).contains("\"rw\"");
        assertThat(j.at("/linux/devices").size()).isGreaterThan(DockerDefaults.DEVICES.size());
    }

    @Test
    void seccompFollowsCapabilitiesAndChoice() {
        JsonNode def = json(base).at("/linux/seccomp");
        assertThat(allowed(def)).contains("read", "execve", "clone").doesNotContain("mount", "reboot", "unshare");
        assertThat(def.at("/defaultErrnoRet").asInt()).isEqualTo(1);
        JsonNode admin = json(base.withSecurity(Security.DEFAULT.withCaps(List.of("SYS_ADMIN"), List.of()))).at("/linux/seccomp");
        assertThat(allowed(admin)).contains("mount", "unshare", "clone3");
        assertThat(json(base.withSecurity(Security.DEFAULT.withSeccomp(Security.SeccompProfile.UNCONFINED))).at("/linux").has("seccomp")).isFalse();

        String custom = """
            {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
              {"names":["chmod"],"action":"SCMP_ACT_ERRNO"},
              {"names":["mount"],"action":"SCMP_ACT_ALLOW","includes":{"caps":["CAP_SYS_ADMIN"]}}]}""";
        JsonNode c = json(base.withSecurity(Security.DEFAULT.withSeccomp(new Security.SeccompProfile.Custom(custom)))).at("/linux/seccomp");
        assertThat(c.at("/defaultAction").asText()).isEqualTo("SCMP_ACT_ALLOW");
        assertThat(c.at("/syscalls").findValuesAsText("action")).containsExactly("SCMP_ACT_ERRNO");
        assertThatThrownBy(() -> json(base.withSecurity(Security.DEFAULT.withSeccomp(new Security.SeccompProfile.Custom("{")))))
            .isInstanceOf(BerthException.InvalidArgument.class);
    }

    static List<String> allowed(JsonNode seccomp) {
        List<String> out = new ArrayList<>();
        for (JsonNode rule : seccomp.get("syscalls")) {
            if (rule.get("action").asText().equals("SCMP_ACT_ALLOW")) out.addAll(texts(rule.get("names")));
        }
        return out;
    }

    @Test
    void rlimitsAreClampedToTheHostHardLimit() {
        RuntimeSpec spec = base.withProcess(base.process().withRlimits(List.of(
            new RuntimeSpec.Rlimit("nofile", 1_048_576, 1_048_576), new RuntimeSpec.Rlimit("nofile", 1024, -1),
            new RuntimeSpec.Rlimit("nproc", 100, -1))));
        JsonNode r = json(spec).at("/process/rlimits");
        assertThat(r.get(0).toString()).isEqualTo("{\"type\":\"RLIMIT_NOFILE\",\"hard\":20000,\"soft\":20000}");
        assertThat(r.get(1).toString()).isEqualTo("{\"type\":\"RLIMIT_NOFILE\",\"hard\":20000,\"soft\":1024}");
        assertThat(r.get(2).toString()).isEqualTo("{\"type\":\"RLIMIT_NPROC\",\"hard\":18446744073709551615,\"soft\":100}");
        assertThatThrownBy(() -> json(base.withProcess(base.process().withRlimits(List.of(new RuntimeSpec.Rlimit("bogus", 1, 1))))))
            .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("invalid ulimit type: bogus");
    }

    @Test
    void cpusBecomeQuotaOverTheDefaultPeriod() {
        JsonNode cpu = json(base.withResources(Resources.NONE.withNanoCpus(1_500_000_000L).withCpuShares(512L)
            .withCpuset("0-1", "0"))).at("/linux/resources/cpu");
        assertThat(cpu.toString()).isEqualTo("{\"shares\":512,\"quota\":150000,\"period\":100000,\"cpus\":\"0-1\",\"mems\":\"0\"}");
        assertThatThrownBy(() -> json(base.withResources(Resources.NONE.withNanoCpus(1_000_000_000L).withCpuQuota(null, 50_000L))))
            .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("Nano CPUs and CPU Period");
        assertThatThrownBy(() -> json(base.withResources(Resources.NONE.withNanoCpus(3_000_000_000L))))
            .hasMessage("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
        assertThat(json(base.withResources(Resources.NONE.withCpuQuota(20_000L, 50_000L))).at("/linux/resources/cpu").toString())
            .isEqualTo("{\"quota\":20000,\"period\":50000}");
    }

    @Test
    void memorySwapFollowsDockerSemantics() {
        assertThat(json(base.withResources(Resources.NONE.withMemory(64 * MIB))).at("/linux/resources/memory").toString())
            .isEqualTo("{\"limit\":" + 64 * MIB + ",\"swap\":" + 128 * MIB + "}");
        assertThat(json(base.withResources(Resources.NONE.withMemory(64 * MIB).withMemorySwap(-1L))).at("/linux/resources/memory/swap").asLong())
            .isEqualTo(-1);
        assertThat(json(base.withResources(Resources.NONE.withMemory(64 * MIB).withMemorySwap(64 * MIB))).at("/linux/resources/memory/swap").asLong())
            .isEqualTo(64 * MIB);
        assertThat(json(base.withResources(Resources.NONE.withMemory(64 * MIB).withMemoryReservation(32 * MIB).withOomKillDisable(true)))
            .at("/linux/resources/memory").toString()).contains("\"reservation\":" + 32 * MIB, "\"disableOOMKiller\":true");
        assertThatThrownBy(() -> json(base.withResources(Resources.NONE.withMemory(64 * MIB).withMemorySwap(32 * MIB))))
            .hasMessage("Minimum memoryswap limit should be larger than memory limit, see usage");
        assertThatThrownBy(() -> json(base.withResources(Resources.NONE.withMemorySwap(32 * MIB))))
            .hasMessage("You should always set the Memory limit when using Memoryswap limit, see usage");
        assertThatThrownBy(() -> json(base.withResources(Resources.NONE.withMemory(MIB))))
            .hasMessage("Minimum memory limit allowed is 6MB");
        // update: swap stays as it is unless given
        assertThat(writer.updateResources(Resources.NONE.withMemory(64 * MIB)).json().toString())
            .isEqualTo("{\"memory\":{\"limit\":" + 64 * MIB + "}}");
    }

    @Test
    void pidsAndBlkioAndUnsupportedKnobs() {
        assertThat(json(base.withResources(Resources.NONE.withPidsLimit(100L))).at("/linux/resources/pids/limit").asLong()).isEqualTo(100);
        assertThat(json(base.withResources(Resources.NONE.withPidsLimit(0L))).at("/linux/resources/pids/limit").asLong()).isEqualTo(-1);
        assertThat(json(base.withResources(Resources.NONE.withBlkioWeight(300))).at("/linux/resources/blockIO/weight").asInt()).isEqualTo(300);
        assertThatThrownBy(() -> json(base.withResources(Resources.NONE.withBlkioWeight(5)))).hasMessage("Range of blkio weight is from 10 to 1000");

        var noBlkioNoSwap = new CgroupLayout.Features(false, true, true, true, true, true, true, false, 2, "0-1", "0");
        var out = writer(noBlkioNoSwap).write("c1", base.withResources(Resources.NONE.withBlkioWeight(300).withMemory(64 * MIB)));
        assertThat(out.json().at("/linux/resources").has("blockIO")).isFalse();
        assertThat(out.json().at("/linux/resources/memory").has("swap")).isFalse();
        assertThat(out.warnings()).containsExactly(
            "Your kernel does not support swap limit capabilities or the cgroup is not mounted. Memory limited without swap.",
            "Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.");
        // create and update answer the same warnings before anything runs
        assertThat(writer(noBlkioNoSwap).resourceWarnings(Resources.NONE.withBlkioWeight(300)))
            .containsExactly("Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.");
        assertThat(writer(ALL_FEATURES).resourceWarnings(Resources.NONE.withBlkioWeight(300))).isEmpty();
    }

    @Test
    void namespacesHostnameInitShmAndMounts() {
        RuntimeSpec spec = base.withHostname("h1")
            .withNamespaces(Namespaces.DEFAULT.withPid(Namespaces.Mode.HOST).withNetwork(new Namespaces.Mode.Joined("/proc/42/ns/net")))
            .withProcess(base.process().withInit(true).withUser(new RuntimeSpec.User(1000, 1000, List.of(10, 20))))
            .withShmSize(128 * MIB)
            .withMounts(List.of(RuntimeSpec.Mount.bind("/data", "/data", true), RuntimeSpec.Mount.tmpfs("/run", List.of("rw", "size=1m"))))
            .withSecurity(Security.DEFAULT.withNoNewPrivileges(true).withOomScoreAdj(500))
            .withRoot(new RuntimeSpec.Root(Path.of("/rootfs"), true));
        ObjectNode j = json(spec);
        assertThat(j.at("/linux/namespaces").toString())
            .isEqualTo("[{\"type\":\"network\",\"path\":\"/proc/42/ns/net\"},{\"type\":\"ipc\"},{\"type\":\"uts\"},{\"type\":\"mount\"}]");
        assertThat(j.get("hostname").asText()).isEqualTo("h1");
        assertThat(texts(j.at("/process/args"))).containsExactly("/sbin/docker-init", "--", "sh");
        assertThat(mount(j, "/sbin/docker-init").get("source").asText()).isEqualTo("/usr/bin/tini-static");
        assertThat(mount(j, "/dev/shm").get("options").toString()).contains("size=" + 128 * MIB);
        assertThat(mount(j, "/data").get("options").toString()).isEqualTo("[\"rbind\",\"ro\"]");
        assertThat(j.at("/process/user").toString()).isEqualTo("{\"uid\":1000,\"gid\":1000,\"additionalGids\":[10,20]}");
        assertThat(j.at("/process/noNewPrivileges").asBoolean()).isTrue();
        assertThat(j.at("/process/oomScoreAdj").asInt()).isEqualTo(500);
        assertThat(j.at("/root/readonly").asBoolean()).isTrue();

        ObjectNode hostUts = json(base.withHostname("h1").withNamespaces(Namespaces.DEFAULT.withUts(Namespaces.Mode.HOST).withIpc(Namespaces.Mode.HOST)));
        assertThat(hostUts.has("hostname")).isFalse();
        assertThat(mount(hostUts, "/dev/shm").get("type").asText()).isEqualTo("bind");

        ObjectNode ownShm = json(base.withMounts(List.of(RuntimeSpec.Mount.tmpfs("/dev/shm/", List.of("size=1m")))));
        assertThat(ownShm.findValuesAsText("destination").stream().filter("/dev/shm"::equals)).hasSize(1);
        assertThatThrownBy(() -> json(base.withSecurity(Security.DEFAULT.withOomScoreAdj(2000))))
            .hasMessage("Invalid value 2000, range for oom score adj is [-1000, 1000]");
    }

    @Test
    void deviceFlagAddsNodeAndCgroupRule() {
        ObjectNode j = json(base.withDevices(List.of(new RuntimeSpec.Device("/dev/null", "/dev/mynull", "rw"))));
        assertThat(j.at("/linux/devices").findValuesAsText("path")).contains("/dev/mynull");
        assertThat(j.at("/linux/resources/devices").toString()).contains("{\"allow\":true,\"type\":\"c\",\"major\":1,\"minor\":3,\"access\":\"rw\"}");
        assertThatThrownBy(() -> json(base.withDevices(List.of(new RuntimeSpec.Device("/etc/hostname", null, "rwm")))))
            .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("not a device node");
    }

    static JsonNode mount(ObjectNode j, String destination) {
        for (JsonNode m : j.get("mounts")) if (m.get("destination").asText().equals(destination)) return m;
        throw new AssertionError("no mount at " + destination + " in " + j.get("mounts"));
    }
}
