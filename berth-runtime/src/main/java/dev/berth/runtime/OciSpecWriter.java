package dev.berth.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.error.BerthException;
import dev.berth.core.runtime.Namespaces;
import dev.berth.core.runtime.Resources;
import dev.berth.core.runtime.RuntimeSpec;
import dev.berth.core.runtime.Security.SeccompProfile;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a {@link RuntimeSpec} into an OCI runtime-spec {@code config.json} with Docker's defaults:
 * capability set, masked and read-only paths, default mounts and devices, the default seccomp
 * profile, rlimits clamped to the host, and Docker's meaning of --privileged.
 */
public final class OciSpecWriter {
    static final String OCI_VERSION = "1.0.2-dev";
    /** Where --init's binary appears in the container, as in Docker. */
    static final String INIT_PATH = "/sbin/docker-init";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final BigInteger RLIM_INFINITY = new BigInteger("18446744073709551615");
    private static final Set<String> ULIMITS = Set.of("as", "core", "cpu", "data", "fsize", "locks", "memlock",
        "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

    /** The generated document and the warnings Docker would return from container create. */
    public record OciConfig(ObjectNode json, List<String> warnings) {
        public byte[] bytes() {
            try {
                return MAPPER.writeValueAsBytes(json);
            } catch (JsonProcessingException e) {
                throw new BerthException.Internal("cannot serialise OCI config: " + e.getMessage(), e);
            }
        }
    }

    private final CgroupLayout.Features features;
    private final HostRlimits hostRlimits;
    private final Capabilities capabilities;
    private final Path initBinary;
    private final HostDevices hostDevices;

    /**
     * @param initBinary the host's tini, bind-mounted for --init
     */
    public OciSpecWriter(CgroupLayout.Features features, HostRlimits hostRlimits, Capabilities capabilities,
                         Path initBinary, HostDevices hostDevices) {
        this.features = features;
        this.hostRlimits = hostRlimits;
        this.capabilities = capabilities;
        this.initBinary = initBinary;
        this.hostDevices = hostDevices;
    }

    /** A writer for this host: its cgroups, limits, capabilities, /dev and static tini. */
    public static OciSpecWriter forHost(CgroupLayout cgroups) {
        return new OciSpecWriter(cgroups.features(), HostRlimits.current(), Capabilities.ofHost(),
            initBinary(), new HostDevices(Path.of("/dev")));
    }

    /** Static tini (Docker's docker-init): the container's rootfs may have no libc for a dynamic one. */
    static Path initBinary() {
        Path staticTini = Path.of("/usr/bin/tini-static");
        return java.nio.file.Files.isExecutable(staticTini) ? staticTini : Path.of("/usr/bin/tini");
    }

    /** The cgroups path a container gets when its spec names none. */
    public static String defaultCgroupsPath(String id) { return "/berth/" + id; }

    public OciConfig write(String id, RuntimeSpec spec) {
        List<String> warnings = new ArrayList<>();
        boolean privileged = spec.security().privileged();
        List<String> caps = capabilities.resolve(spec.security());

        ObjectNode root = JSON.objectNode();
        root.put("ociVersion", OCI_VERSION);
        root.set("process", process(spec, caps));
        root.putObject("root").put("path", spec.root().path().toString()).put("readonly", spec.root().readonly());
        if (spec.hostname() != null && spec.namespaces().uts() instanceof Namespaces.Mode.Private) {
            root.put("hostname", spec.hostname());
        }
        if (spec.domainname() != null && spec.namespaces().uts() instanceof Namespaces.Mode.Private) {
            root.put("domainname", spec.domainname());
        }
        root.set("mounts", mounts(spec));
        if (!spec.annotations().isEmpty()) {
            ObjectNode a = root.putObject("annotations");
            spec.annotations().forEach(a::put);
        }

        ObjectNode linux = root.putObject("linux");
        ObjectNode resources = new OciResources(features).forCreate(spec.resources(), warnings);
        resources.set("devices", deviceRules(spec, privileged));
        linux.set("resources", resources);
        linux.put("cgroupsPath", spec.cgroupsPath() != null ? spec.cgroupsPath() : defaultCgroupsPath(id));
        linux.set("namespaces", namespaces(spec.namespaces()));
        if (spec.root().propagation() != null) linux.put("rootfsPropagation", spec.root().propagation());
        linux.set("devices", devices(spec, privileged));
        if (!privileged) {
            switch (spec.security().seccomp()) {
                case SeccompProfile.Default d -> linux.set("seccomp", SeccompProfiles.defaultProfile(caps));
                case SeccompProfile.Custom c -> linux.set("seccomp", SeccompProfiles.fromDocker(c.json(), caps));
                case SeccompProfile.Unconfined u -> { }
            }
        }
        boolean unmasked = privileged || spec.security().unmaskSystemPaths();
        linux.set("maskedPaths", strings(unmasked ? List.of() : DockerDefaults.MASKED_PATHS));
        linux.set("readonlyPaths", strings(unmasked ? List.of() : DockerDefaults.READONLY_PATHS));
        return new OciConfig(root, List.copyOf(warnings));
    }

    /** What of these limits this host cannot enforce, in dockerd's words (create and update answer them). */
    public List<String> resourceWarnings(Resources r) {
        List<String> warnings = new ArrayList<>();
        new OciResources(features).forUpdate(r, warnings);
        return List.copyOf(warnings);
    }

    /** linux.resources for {@code runc update --resources -}: only what is set. */
    public OciConfig updateResources(Resources r) {
        List<String> warnings = new ArrayList<>();
        return new OciConfig(new OciResources(features).forUpdate(r, warnings), List.copyOf(warnings));
    }

    private ObjectNode process(RuntimeSpec spec, List<String> caps) {
        RuntimeSpec.Process p = spec.process();
        ObjectNode n = JSON.objectNode();
        n.put("terminal", p.terminal());
        if (p.consoleSize() != null) {
            n.putObject("consoleSize").put("height", p.consoleSize().height()).put("width", p.consoleSize().width());
        }
        ObjectNode user = n.putObject("user").put("uid", p.user().uid()).put("gid", p.user().gid());
        if (!p.user().additionalGids().isEmpty()) {
            ArrayNode g = user.putArray("additionalGids");
            p.user().additionalGids().forEach(g::add);
        }
        List<String> args = new ArrayList<>();
        if (p.init()) args.addAll(List.of(INIT_PATH, "--"));
        args.addAll(p.args());
        n.set("args", strings(args));
        n.set("env", strings(p.env()));
        n.put("cwd", p.cwd() == null || p.cwd().isEmpty() ? "/" : p.cwd());
        ObjectNode c = n.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) c.set(set, strings(caps));
        ArrayNode rl = n.putArray("rlimits");
        for (RuntimeSpec.Rlimit r : hostRlimits.clampAll(p.rlimits())) {
            String type = r.type().toLowerCase(Locale.ROOT);
            if (!ULIMITS.contains(type)) throw new BerthException.InvalidArgument("invalid ulimit type: " + r.type());
            rl.addObject().put("type", "RLIMIT_" + type.toUpperCase(Locale.ROOT))
                .put("hard", unsigned(r.hard())).put("soft", unsigned(r.soft()));
        }
        n.put("noNewPrivileges", spec.security().noNewPrivileges());
        Integer oom = spec.security().oomScoreAdj();
        if (oom != null) {
            if (oom < -1000 || oom > 1000) {
                throw new BerthException.InvalidArgument("Invalid value " + oom + ", range for oom score adj is [-1000, 1000]");
            }
            n.put("oomScoreAdj", oom);
        }
        if (p.apparmorProfile() != null) n.put("apparmorProfile", p.apparmorProfile());
        return n;
    }

    private ArrayNode mounts(RuntimeSpec spec) {
        List<RuntimeSpec.Mount> user = new ArrayList<>(spec.mounts());
        // parents before children, like Docker, so a mount at /a/b is not hidden by one at /a
        user.sort(Comparator.comparingLong(m -> m.destination().chars().filter(ch -> ch == '/').count()));
        ArrayNode out = JSON.arrayNode();
        boolean hostIpc = spec.namespaces().ipc() instanceof Namespaces.Mode.Host;
        for (var m : DockerDefaults.mounts(spec.security().privileged(), spec.shmSizeBytes(), hostIpc)) {
            if (user.stream().anyMatch(u -> clean(u.destination()).equals(m.destination()))) continue;
            out.add(mount(m.destination(), m.type(), m.source(), m.options()));
        }
        if (spec.process().init()) {
            out.add(mount(INIT_PATH, "bind", initBinary.toString(), List.of("bind", "ro")));
        }
        for (var m : user) out.add(mount(clean(m.destination()), m.type(), m.source(), m.options()));
        return out;
    }

    private static ObjectNode mount(String destination, String type, String source, List<String> options) {
        ObjectNode m = JSON.objectNode().put("destination", destination).put("type", type).put("source", source);
        m.set("options", strings(options));
        return m;
    }

    private static ArrayNode namespaces(Namespaces ns) {
        ArrayNode out = JSON.arrayNode();
        addNamespace(out, "pid", ns.pid());
        addNamespace(out, "network", ns.network());
        addNamespace(out, "ipc", ns.ipc());
        addNamespace(out, "uts", ns.uts());
        out.addObject().put("type", "mount");
        addNamespace(out, "cgroup", ns.cgroup());
        return out;
    }

    private static void addNamespace(ArrayNode out, String type, Namespaces.Mode mode) {
        switch (mode) {
            case Namespaces.Mode.Private p -> out.addObject().put("type", type);
            case Namespaces.Mode.Joined j -> out.addObject().put("type", type).put("path", j.path());
            case Namespaces.Mode.Host h -> { }
        }
    }

    private ArrayNode devices(RuntimeSpec spec, boolean privileged) {
        ArrayNode out = JSON.arrayNode();
        List<HostDevices.Node> nodes = new ArrayList<>();
        if (privileged) nodes.addAll(hostDevices.all());
        for (RuntimeSpec.Device d : spec.devices()) nodes.addAll(hostDevices.lookup(d.hostPath(), d.containerPath()));
        for (HostDevices.Node n : nodes) {
            if (DockerDefaults.DEVICES.stream().anyMatch(d -> d.path().equals(n.containerPath()))) continue;
            out.addObject().put("path", n.containerPath()).put("type", n.type()).put("major", n.major())
                .put("minor", n.minor()).put("fileMode", n.fileMode()).put("uid", 0).put("gid", 0);
        }
        for (var d : DockerDefaults.DEVICES) {
            out.addObject().put("path", d.path()).put("type", "c").put("major", d.major()).put("minor", d.minor())
                .put("fileMode", 0666).put("uid", 0).put("gid", 0);
        }
        return out;
    }

    private ArrayNode deviceRules(RuntimeSpec spec, boolean privileged) {
        ArrayNode out = JSON.arrayNode();
        if (privileged) {
            out.addObject().put("allow", true).put("access", "rwm");
            return out;
        }
        out.addObject().put("allow", false).put("access", "rwm");
        for (var d : DockerDefaults.DEVICES) rule(out, "c", d.major(), d.minor(), "rwm");
        for (var r : DockerDefaults.EXTRA_DEVICE_RULES) rule(out, r.type(), r.major(), r.minor(), r.access());
        for (RuntimeSpec.Device d : spec.devices()) {
            String perms = d.permissions() == null || d.permissions().isEmpty() ? "rwm" : d.permissions();
            if (!perms.matches("[rwm]{1,3}")) throw new BerthException.InvalidArgument("invalid device mode: " + perms);
            for (HostDevices.Node n : hostDevices.lookup(d.hostPath(), d.containerPath())) {
                rule(out, n.type(), n.major(), n.minor(), perms);
            }
        }
        return out;
    }

    private static void rule(ArrayNode out, String type, long major, long minor, String access) {
        ObjectNode r = out.addObject().put("allow", true).put("type", type);
        if (major >= 0) r.put("major", major);
        if (minor >= 0) r.put("minor", minor);
        r.put("access", access);
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = JSON.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private static BigInteger unsigned(long v) { return v < 0 ? RLIM_INFINITY : BigInteger.valueOf(v); }

    private static String clean(String path) {
        String p = Path.of(path).normalize().toString();
        return p.isEmpty() ? "/" : p;
    }
}
