package dev.berth.runtime;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.error.BerthException;
import dev.berth.core.runtime.Resources;
import java.util.List;

/**
 * Docker's resource options → OCI {@code linux.resources}, with dockerd's validation messages
 * (clients show them verbatim) and its rule of dropping, with a warning, a limit the host's
 * cgroups cannot enforce.
 */
final class OciResources {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** --cpus is expressed with CFS's default period, 100ms. */
    static final long DEFAULT_CPU_PERIOD = 100_000;
    private static final long MIN_MEMORY = 6L * 1024 * 1024;

    private final CgroupLayout.Features features;

    OciResources(CgroupLayout.Features features) { this.features = features; }

    /** For create: unset swap with a memory limit means swap = memory (total 2×memory), as Docker does. */
    ObjectNode forCreate(Resources r, List<String> warnings) {
        Long swap = r.memorySwap();
        if (swap == null && r.memory() != null && r.memory() > 0) swap = r.memory() * 2;
        return map(r.withMemorySwap(swap), warnings);
    }

    /** For update: only what is set changes. */
    ObjectNode forUpdate(Resources r, List<String> warnings) { return map(r, warnings); }

    private ObjectNode map(Resources r, List<String> warnings) {
        validate(r);
        ObjectNode res = JSON.objectNode();
        ObjectNode mem = JSON.objectNode();
        if (r.memory() != null && r.memory() > 0) mem.put("limit", r.memory());
        if (r.memoryReservation() != null && r.memoryReservation() > 0) {
            if (features.memoryReservation()) mem.put("reservation", r.memoryReservation());
            else warnings.add("Your kernel does not support memory soft limit capabilities or the cgroup is not mounted. Limitation discarded.");
        }
        if (r.memorySwap() != null && r.memorySwap() != 0) {
            if (features.memorySwap()) mem.put("swap", r.memorySwap());
            else warnings.add("Your kernel does not support swap limit capabilities or the cgroup is not mounted. Memory limited without swap.");
        }
        if (Boolean.TRUE.equals(r.oomKillDisable())) {
            if (features.oomKillDisable()) mem.put("disableOOMKiller", true);
            else warnings.add("Your kernel does not support OomKillDisable. OomKillDisable discarded.");
        }
        if (!mem.isEmpty()) res.set("memory", mem);

        ObjectNode cpu = JSON.objectNode();
        if (r.cpuShares() != null && r.cpuShares() > 0) cpu.put("shares", r.cpuShares());
        Long quota = r.cpuQuota(), period = r.cpuPeriod();
        if (r.nanoCpus() != null && r.nanoCpus() > 0) {
            period = DEFAULT_CPU_PERIOD;
            quota = r.nanoCpus() * DEFAULT_CPU_PERIOD / 1_000_000_000L;
        }
        if ((quota != null && quota != 0) || (period != null && period != 0)) {
            if (features.cpuCfs()) {
                if (quota != null && quota != 0) cpu.put("quota", quota);
                if (period != null && period != 0) cpu.put("period", period);
            } else {
                warnings.add("Your kernel does not support CPU CFS scheduler. CPU period/quota discarded.");
            }
        }
        if (r.cpusetCpus() != null && !r.cpusetCpus().isEmpty()) cpu.put("cpus", r.cpusetCpus());
        if (r.cpusetMems() != null && !r.cpusetMems().isEmpty()) cpu.put("mems", r.cpusetMems());
        if (!cpu.isEmpty()) res.set("cpu", cpu);

        if (r.pidsLimit() != null) {
            // 0 and -1 both mean unlimited in Docker; runc writes "max" for any negative limit
            if (features.pids()) res.putObject("pids").put("limit", r.pidsLimit() > 0 ? r.pidsLimit() : -1);
            else warnings.add("Your kernel does not support pids limit capabilities or the cgroup is not mounted. PIDs limit discarded.");
        }
        if (r.blkioWeight() != null && r.blkioWeight() > 0) {
            if (features.blkioWeight()) res.putObject("blockIO").put("weight", r.blkioWeight());
            else warnings.add("Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.");
        }
        return res;
    }

    /** dockerd's checks and words; runc would otherwise fail the start with the kernel's ERANGE. */
    private static void checkCpuset(String requested, String available, String option, String what) {
        if (requested == null || requested.isEmpty()) return;
        CpuList wanted;
        try {
            wanted = CpuList.parse(requested);
        } catch (IllegalArgumentException e) {
            throw new BerthException.InvalidArgument("Invalid value " + requested + " for " + option + ": invalid format: " + requested);
        }
        if (available.isEmpty()) return; // unknown here: let the kernel judge
        if (!wanted.within(CpuList.parse(available))) {
            throw new BerthException.InvalidArgument("Requested " + what + " are not available - requested " + requested
                + ", available: " + available);
        }
    }

    private void validate(Resources r) {
        if (r.memory() != null && r.memory() > 0 && r.memory() < MIN_MEMORY) {
            throw new BerthException.InvalidArgument("Minimum memory limit allowed is 6MB");
        }
        if (r.memorySwap() != null && r.memorySwap() > 0) {
            if (r.memory() == null || r.memory() <= 0) {
                throw new BerthException.InvalidArgument("You should always set the Memory limit when using Memoryswap limit, see usage");
            }
            if (r.memorySwap() < r.memory()) {
                throw new BerthException.InvalidArgument("Minimum memoryswap limit should be larger than memory limit, see usage");
            }
        }
        if (r.memory() != null && r.memory() > 0 && r.memoryReservation() != null && r.memoryReservation() > r.memory()) {
            throw new BerthException.InvalidArgument("Minimum memory limit can not be less than memory reservation limit, see usage");
        }
        if (r.nanoCpus() != null && r.nanoCpus() > 0) {
            if (r.cpuPeriod() != null && r.cpuPeriod() > 0) {
                throw new BerthException.InvalidArgument("Conflicting options: Nano CPUs and CPU Period cannot both be set");
            }
            if (r.cpuQuota() != null && r.cpuQuota() > 0) {
                throw new BerthException.InvalidArgument("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
            }
            if (r.nanoCpus() < 10_000_000L || r.nanoCpus() > features.cpus() * 1_000_000_000L) {
                throw new BerthException.InvalidArgument("Range of CPUs is from 0.01 to " + features.cpus()
                    + ".00, as there are only " + features.cpus() + " CPUs available");
            }
        }
        checkCpuset(r.cpusetCpus(), features.cpusetCpus(), "cpuset cpus", "CPUs");
        checkCpuset(r.cpusetMems(), features.cpusetMems(), "cpuset mems", "memory nodes");
        if (r.cpuPeriod() != null && r.cpuPeriod() != 0 && (r.cpuPeriod() < 1000 || r.cpuPeriod() > 1_000_000)) {
            throw new BerthException.InvalidArgument("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
        }
        if (r.cpuQuota() != null && r.cpuQuota() > 0 && r.cpuQuota() < 1000) {
            throw new BerthException.InvalidArgument("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        }
        if (r.blkioWeight() != null && r.blkioWeight() > 0 && (r.blkioWeight() < 10 || r.blkioWeight() > 1000)) {
            throw new BerthException.InvalidArgument("Range of blkio weight is from 10 to 1000");
        }
    }
}
