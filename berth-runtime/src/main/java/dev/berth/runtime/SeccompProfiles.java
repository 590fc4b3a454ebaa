package dev.berth.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.error.BerthException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Seccomp filters in the OCI runtime-spec shape ({@code linux.seccomp}).
 *
 * <p>The default profile behaves like Docker's: deny (EPERM) by default, allow the syscalls an
 * ordinary program uses, and allow the privileged ones only when the matching capability is in
 * the container's set, so --cap-add SYS_ADMIN also opens mount(2). It is generated here from
 * grouped lists rather than shipped as a copied JSON file; the groups say why each exists.
 * Names unknown to the host's libseccomp are skipped by runc, so listing newer syscalls is safe.
 */
public final class SeccompProfiles {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;
    /** clone(2) flags that create namespaces; without CAP_SYS_ADMIN clone may not set any of them. */
    private static final long CLONE_NAMESPACE_FLAGS = 0x7E020000L;

    /** Syscalls any process may use: file, memory, signal, time, socket, IPC and scheduling basics. */
    private static final String ALWAYS = """
        accept accept4 access adjtimex alarm bind brk cachestat capget capset chdir chmod chown chown32
        clock_adjtime clock_adjtime64 clock_getres clock_getres_time64 clock_gettime clock_gettime64
        clock_nanosleep clock_nanosleep_time64 close close_range connect copy_file_range creat dup dup2 dup3
        epoll_create epoll_create1 epoll_ctl epoll_ctl_old epoll_pwait epoll_pwait2 epoll_wait epoll_wait_old
        eventfd eventfd2 execve execveat exit exit_group faccessat faccessat2 fadvise64 fadvise64_64 fallocate
        fanotify_mark fchdir fchmod fchmodat fchmodat2 fchown fchown32 fchownat fcntl fcntl64 fdatasync
        fgetxattr flistxattr flock fork fremovexattr fsetxattr fstat fstat64 fstatat64 fstatfs fstatfs64 fsync
        ftruncate ftruncate64 futex futex_requeue futex_time64 futex_wait futex_waitv futex_wake futimesat
        get_robust_list get_thread_area getcpu getcwd getdents getdents64 getegid getegid32 geteuid geteuid32
        getgid getgid32 getgroups getgroups32 getitimer getpeername getpgid getpgrp getpid getppid getpriority
        getrandom getresgid getresgid32 getresuid getresuid32 getrlimit getrusage getsid getsockname getsockopt
        gettid gettimeofday getuid getuid32 getxattr inotify_add_watch inotify_init inotify_init1
        inotify_rm_watch io_cancel io_destroy io_getevents io_pgetevents io_pgetevents_time64 io_setup io_submit
        ioctl ioprio_get ioprio_set ipc kill landlock_add_rule landlock_create_ruleset landlock_restrict_self
        lchown lchown32 lgetxattr link linkat listen listxattr llistxattr _llseek lremovexattr lseek lsetxattr
        lstat lstat64 madvise map_shadow_stack membarrier memfd_create memfd_secret mincore mkdir mkdirat mknod
        mknodat mlock mlock2 mlockall mmap mmap2 mprotect mq_getsetattr mq_notify mq_open mq_timedreceive
        mq_timedreceive_time64 mq_timedsend mq_timedsend_time64 mq_unlink mremap msgctl msgget msgrcv msgsnd
        msync munlock munlockall munmap name_to_handle_at nanosleep newfstatat _newselect open openat openat2
        pause pidfd_open pidfd_send_signal pipe pipe2 pkey_alloc pkey_free pkey_mprotect poll ppoll
        ppoll_time64 prctl pread64 preadv preadv2 prlimit64 process_mrelease pselect6 pselect6_time64 pwrite64
        pwritev pwritev2 read readahead readlink readlinkat readv recv recvfrom recvmmsg recvmmsg_time64 recvmsg
        remap_file_pages removexattr rename renameat renameat2 restart_syscall rmdir rseq rt_sigaction
        rt_sigpending rt_sigprocmask rt_sigqueueinfo rt_sigreturn rt_sigsuspend rt_sigtimedwait
        rt_sigtimedwait_time64 rt_tgsigqueueinfo sched_get_priority_max sched_get_priority_min sched_getaffinity
        sched_getattr sched_getparam sched_getscheduler sched_rr_get_interval sched_rr_get_interval_time64
        sched_setaffinity sched_setattr sched_setparam sched_setscheduler sched_yield seccomp select semctl
        semget semop semtimedop semtimedop_time64 send sendfile sendfile64 sendmmsg sendmsg sendto
        set_robust_list set_thread_area set_tid_address setfsgid setfsgid32 setfsuid setfsuid32 setgid setgid32
        setgroups setgroups32 setitimer setpgid setpriority setregid setregid32 setresgid setresgid32 setresuid
        setresuid32 setreuid setreuid32 setrlimit setsid setsockopt setuid setuid32 setxattr shmat shmctl shmdt
        shmget shutdown sigaltstack signalfd signalfd4 sigprocmask sigreturn socket socketcall socketpair splice
        stat stat64 statfs statfs64 statx symlink symlinkat sync sync_file_range syncfs sysinfo tee tgkill time
        timer_create timer_delete timer_getoverrun timer_gettime timer_gettime64 timer_settime timer_settime64
        timerfd_create timerfd_gettime timerfd_gettime64 timerfd_settime timerfd_settime64 times tkill truncate
        truncate64 ugetrlimit umask uname unlink unlinkat utime utimensat utimensat_time64 utimes vfork vmsplice
        wait4 waitid waitpid write writev
        ptrace process_vm_readv process_vm_writev
        """;

    /** x86 only: thread-local storage setup and LDT entries (used by old 32-bit code and Wine). */
    private static final String X86_ONLY = "arch_prctl modify_ldt";

    /** Syscalls opened by a capability: the privileged half of the kernel API. */
    private static final Map<String, String> BY_CAPABILITY = Map.ofEntries(
        Map.entry("CAP_SYS_ADMIN", """
            bpf clone clone3 fanotify_init fsconfig fsmount fsopen fspick lookup_dcookie mount mount_setattr
            move_mount open_tree perf_event_open quotactl quotactl_fd setdomainname sethostname setns syslog
            umount umount2 unshare"""),
        Map.entry("CAP_SYS_BOOT", "reboot"),
        Map.entry("CAP_SYS_CHROOT", "chroot"),
        Map.entry("CAP_SYS_MODULE", "delete_module init_module finit_module"),
        Map.entry("CAP_SYS_PACCT", "acct"),
        Map.entry("CAP_SYS_PTRACE", "kcmp pidfd_getfd process_madvise"),
        Map.entry("CAP_SYS_RAWIO", "iopl ioperm"),
        Map.entry("CAP_SYS_TIME", "settimeofday stime clock_settime clock_settime64"),
        Map.entry("CAP_SYS_TTY_CONFIG", "vhangup"),
        Map.entry("CAP_SYS_NICE", "get_mempolicy mbind set_mempolicy set_mempolicy_home_node"),
        Map.entry("CAP_SYSLOG", "syslog"),
        Map.entry("CAP_DAC_READ_SEARCH", "open_by_handle_at"),
        Map.entry("CAP_BPF", "bpf"),
        Map.entry("CAP_PERFMON", "perf_event_open"));

    /** personality(2) values that only change ABI details, never disable ASLR and the like. */
    private static final long[] SAFE_PERSONALITIES = {0x0, 0x8, 0x20000, 0x20008, 0xffffffffL};

    private SeccompProfiles() {}

    /** Docker's default profile for a container holding {@code caps}. */
    public static ObjectNode defaultProfile(Collection<String> caps) {
        ObjectNode p = JSON.objectNode();
        p.put("defaultAction", "SCMP_ACT_ERRNO");
        p.put("defaultErrnoRet", EPERM);
        p.set("architectures", architectures());
        ArrayNode rules = p.putArray("syscalls");
        rules.add(allow(names(ALWAYS)));
        if (isX86()) rules.add(allow(names(X86_ONLY)));
        for (long persona : SAFE_PERSONALITIES) {
            rules.add(allow(List.of("personality")).set("args", JSON.arrayNode().add(arg(0, persona, 0, "SCMP_CMP_EQ"))));
        }
        boolean sysAdmin = caps.contains("CAP_SYS_ADMIN");
        if (!sysAdmin) {
            // clone without namespace flags; clone3 passes flags in memory seccomp cannot read, so
            // answer ENOSYS and let libc fall back to clone
            rules.add(allow(List.of("clone")).set("args",
                JSON.arrayNode().add(arg(0, CLONE_NAMESPACE_FLAGS, 0, "SCMP_CMP_MASKED_EQ"))));
            rules.add(JSON.objectNode().<ObjectNode>set("names", JSON.arrayNode().add("clone3"))
                .put("action", "SCMP_ACT_ERRNO").put("errnoRet", ENOSYS));
        }
        BY_CAPABILITY.entrySet().stream().sorted(Map.Entry.comparingByKey())
            .filter(e -> caps.contains(e.getKey()))
            .forEach(e -> rules.add(allow(names(e.getValue()))));
        return p;
    }

    /**
     * Translates a profile in Docker's format (the file given to --security-opt seccomp=…) to the OCI
     * shape, resolving {@code includes}/{@code excludes} against {@code caps} and this architecture.
     */
    public static ObjectNode fromDocker(String json, Collection<String> caps) {
        JsonNode in;
        try {
            in = new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new BerthException.InvalidArgument("decoding seccomp profile failed: " + e.getMessage(), e);
        }
        if (in == null || !in.isObject() || !in.hasNonNull("defaultAction")) {
            throw new BerthException.InvalidArgument("decoding seccomp profile failed: defaultAction is required");
        }
        ObjectNode out = JSON.objectNode();
        out.set("defaultAction", in.get("defaultAction"));
        if (in.has("defaultErrnoRet")) out.set("defaultErrnoRet", in.get("defaultErrnoRet"));
        if (in.has("flags")) out.set("flags", in.get("flags"));
        out.set("architectures", in.has("architectures") ? in.get("architectures") : architectures());
        ArrayNode rules = out.putArray("syscalls");
        for (JsonNode s : in.path("syscalls")) {
            if (!applies(s.path("includes"), caps, true) || applies(s.path("excludes"), caps, false)) continue;
            ObjectNode r = JSON.objectNode();
            ArrayNode names = r.putArray("names");
            s.path("names").forEach(names::add);
            if (s.hasNonNull("name")) names.add(s.get("name"));
            r.set("action", s.get("action"));
            if (s.has("errnoRet")) r.set("errnoRet", s.get("errnoRet"));
            if (s.has("args") && !s.get("args").isNull()) r.set("args", s.get("args"));
            rules.add(r);
        }
        return out;
    }

    /** includes: every listed cap and arch must match; excludes: any listed cap or arch matches. */
    private static boolean applies(JsonNode filter, Collection<String> caps, boolean all) {
        if (filter.isMissingNode() || filter.isEmpty()) return all;
        boolean capsMatch = all, archMatch = all;
        for (JsonNode c : filter.path("caps")) {
            boolean has = caps.contains(c.asText());
            capsMatch = all ? capsMatch && has : capsMatch || has;
        }
        if (filter.path("arches").size() > 0) {
            boolean any = false;
            for (JsonNode a : filter.path("arches")) any |= a.asText().equals(goArch());
            archMatch = all ? archMatch && any : archMatch || any;
        }
        return all ? capsMatch && archMatch : capsMatch || archMatch;
    }

    private static ObjectNode allow(List<String> names) {
        ObjectNode r = JSON.objectNode();
        ArrayNode a = r.putArray("names");
        names.forEach(a::add);
        r.put("action", "SCMP_ACT_ALLOW");
        return r;
    }

    private static ObjectNode arg(int index, long value, long valueTwo, String op) {
        return JSON.objectNode().put("index", index).put("value", value).put("valueTwo", valueTwo).put("op", op);
    }

    private static List<String> names(String block) {
        return Arrays.stream(block.strip().split("\\s+")).toList();
    }

    private static ArrayNode architectures() {
        ArrayNode a = JSON.arrayNode();
        switch (goArch()) {
            case "amd64" -> a.add("SCMP_ARCH_X86_64").add("SCMP_ARCH_X86").add("SCMP_ARCH_X32");
            case "arm64" -> a.add("SCMP_ARCH_AARCH64").add("SCMP_ARCH_ARM");
            default -> { }
        }
        return a;
    }

    private static boolean isX86() { return goArch().equals("amd64"); }

    /** The architecture as Docker's profiles name it (Go's GOARCH). */
    static String goArch() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
    }
}
