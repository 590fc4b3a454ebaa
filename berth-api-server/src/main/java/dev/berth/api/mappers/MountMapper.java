package dev.berth.api.mappers;

import dev.berth.api.types.Mount;
import dev.berth.common.error.BerthException;
import dev.berth.core.container.Container;
import dev.berth.core.container.MountConfig;
import dev.berth.core.container.MountPoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wire ↔ domain for a container's mounts: {@code HostConfig.Binds} strings ({@code -v}),
 * {@code HostConfig.Mounts} ({@code --mount}), {@code VolumesFrom}, {@code VolumeDriver} and
 * {@code StorageOpt}, validated with dockerd's rules and wording; and back to inspect's
 * {@code Mounts} and {@code HostConfig.Mounts}.
 */
public final class MountMapper {
    private static final Set<String> PROPAGATIONS = Set.of("shared", "rshared", "slave", "rslave", "private", "rprivate");
    private static final Set<String> CONSISTENCY = Set.of("consistent", "cached", "delegated", "default");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?b)?", Pattern.CASE_INSENSITIVE);

    private MountMapper() {}

    /** The domain mount settings of a create request's HostConfig. */
    public static MountConfig fromWire(dev.berth.api.types.HostConfig h) {
        List<MountPoint> mounts = new ArrayList<>();
        if (h.binds() != null) for (String b : h.binds()) mounts.add(bind(b));
        if (h.mounts() != null) for (Mount m : h.mounts()) mounts.add(mount(m));
        List<MountConfig.VolumesFrom> from = new ArrayList<>();
        if (h.volumesFrom() != null) for (String v : h.volumesFrom()) from.add(volumesFrom(v));
        Map<String, String> storageOpt = h.storageOpt() == null ? Map.of() : h.storageOpt();
        return new MountConfig(mounts, from, h.volumeDriver(), storageOpt, storageSize(storageOpt));
    }

    /** {@code Config.Volumes} ({@code -v /path}): absolute destinations other than {@code /}, as dockerd parses them. */
    public static void checkAnonymousVolumes(java.util.Collection<String> destinations) {
        if (destinations == null) return;
        for (String d : destinations) checkTarget(d, "volume", "invalid volume specification: '" + d + "': ");
    }

    /** One {@code -v} string: {@code name:/dst[:mode]}, {@code /src:/dst[:mode]}, or {@code /dst}. */
    static MountPoint bind(String spec) {
        String[] parts = spec.split(":", -1);
        String source;
        String dest;
        String mode = "";
        switch (parts.length) {
            case 1 -> {
                source = "";
                dest = parts[0];
            }
            case 2 -> {
                if (validMode(parts[1])) throw invalidSpec(spec, null); // /dst:ro: a volume cannot have a mode only
                source = parts[0];
                dest = parts[1];
            }
            case 3 -> {
                source = parts[0];
                dest = parts[1];
                mode = parts[2];
                if (!validMode(mode)) throw new BerthException.InvalidArgument("invalid mode: " + mode);
            }
            default -> throw invalidSpec(spec, null);
        }
        if (dest.isEmpty()) throw invalidSpec(spec, null);
        boolean bind = source.startsWith("/");
        String type = bind ? "bind" : "volume";
        checkTarget(dest, type, "invalid volume specification: '" + spec + "': ");
        List<String> modes = mode.isEmpty() ? List.of() : List.of(mode.split(","));
        String propagation = modes.stream().filter(PROPAGATIONS::contains).findFirst().orElse("");
        boolean nocopy = modes.contains("nocopy");
        if (!bind && !propagation.isEmpty()) {
            throw invalidSpec(spec, "invalid mount config for type \"volume\": field BindOptions must not be specified");
        }
        if (bind && nocopy) throw invalidSpec(spec, "invalid mount config for type \"bind\": field VolumeOptions must not be specified");
        boolean ro = modes.contains("ro");
        String clean = clean(dest);
        if (bind) {
            return new MountPoint(MountPoint.Type.BIND, MountPoint.Origin.BIND, clean(source), clean, ro, "", "", mode, propagation,
                false, false, Map.of(), Map.of(), 0, null, false);
        }
        boolean anonymous = source.isEmpty();
        return new MountPoint(MountPoint.Type.VOLUME, MountPoint.Origin.BIND, "", clean, ro, source, "", mode, "", !nocopy,
            anonymous, Map.of(), Map.of(), 0, null, false);
    }

    private static BerthException invalidSpec(String spec, String why) {
        return new BerthException.InvalidArgument("invalid volume specification: '" + spec + "'" + (why == null ? "" : ": " + why));
    }

    /** dockerd's ValidMountMode: at most one of rw/ro, one label mode, one propagation, one consistency, nocopy. */
    static boolean validMode(String mode) {
        if (mode.isEmpty()) return false;
        int rw = 0, label = 0, prop = 0, copy = 0, consistency = 0;
        for (String m : mode.split(",", -1)) {
            switch (m) {
                case "rw", "ro" -> rw++;
                case "z", "Z" -> label++;
                case "nocopy" -> copy++;
                default -> {
                    if (PROPAGATIONS.contains(m)) prop++;
                    else if (CONSISTENCY.contains(m)) consistency++;
                    else return false;
                }
            }
        }
        return rw <= 1 && label <= 1 && prop <= 1 && copy <= 1 && consistency <= 1;
    }

    private static void checkTarget(String dest, String type, String prefix) {
        String inner = "invalid mount config for type \"" + type + "\": ";
        if (!dest.startsWith("/")) {
            throw new BerthException.InvalidArgument(prefix + inner + "invalid mount path: '" + dest + "' mount path must be absolute");
        }
        if (clean(dest).equals("/")) throw new BerthException.InvalidArgument(prefix + inner + "invalid specification: destination can't be '/'");
    }

    private static String clean(String p) { return Path.of(p).normalize().toString(); }

    /** One {@code --mount} (already split into fields by the CLI). */
    static MountPoint mount(Mount m) {
        String type = m.type() == null ? "" : m.type();
        String inner = "invalid mount config for type \"" + type + "\": ";
        String target = m.target() == null ? "" : m.target();
        String source = m.source() == null ? "" : m.source();
        switch (type) {
            case "bind", "volume", "tmpfs" -> { }
            default -> throw new BerthException.InvalidArgument(inner + "mount type unknown");
        }
        if (target.isEmpty()) throw new BerthException.InvalidArgument(inner + "field Target must not be empty");
        checkTarget(target, type, "");
        if (!type.equals("bind") && m.bindOptions() != null) throw notSpecified(inner, "BindOptions");
        if (!type.equals("volume") && m.volumeOptions() != null) throw notSpecified(inner, "VolumeOptions");
        if (!type.equals("tmpfs") && m.tmpfsOptions() != null) throw notSpecified(inner, "TmpfsOptions");
        String dest = clean(target);
        return switch (type) {
            case "bind" -> {
                if (source.isEmpty()) throw new BerthException.InvalidArgument(inner + "field Source must not be empty");
                if (!source.startsWith("/")) {
                    throw new BerthException.InvalidArgument(inner + "invalid mount path: '" + source + "' mount path must be absolute");
                }
                var b = m.bindOptions();
                String propagation = b == null || b.propagation() == null ? "" : b.propagation();
                if (!propagation.isEmpty() && !PROPAGATIONS.contains(propagation)) {
                    throw new BerthException.InvalidArgument(inner + "invalid propagation mode: " + propagation);
                }
                yield new MountPoint(MountPoint.Type.BIND, MountPoint.Origin.MOUNT, clean(source), dest, m.readOnly(), "", "", "",
                    propagation, false, false, Map.of(), Map.of(), 0, null, b != null && b.nonRecursive());
            }
            case "volume" -> {
                var v = m.volumeOptions();
                var driver = v == null ? null : v.driverConfig();
                yield new MountPoint(MountPoint.Type.VOLUME, MountPoint.Origin.MOUNT, "", dest, m.readOnly(), source,
                    driver == null ? "" : driver.name(), "", "", v == null || !v.noCopy(), source.isEmpty(),
                    driver == null ? Map.of() : driver.options(), v == null ? Map.of() : v.labels(), 0, null, false);
            }
            default -> {
                if (!source.isEmpty()) throw new BerthException.InvalidArgument(inner + "field Source must not be specified");
                var t = m.tmpfsOptions();
                if (t != null && t.sizeBytes() < 0) throw new BerthException.InvalidArgument(inner + "invalid tmpfs size: " + t.sizeBytes());
                yield new MountPoint(MountPoint.Type.TMPFS, MountPoint.Origin.MOUNT, "", dest, m.readOnly(), "", "", "", "", false,
                    false, Map.of(), Map.of(), t == null ? 0 : t.sizeBytes(), t == null || t.mode() == 0 ? null : t.mode() & 07777, false);
            }
        };
    }

    private static BerthException notSpecified(String inner, String field) {
        return new BerthException.InvalidArgument(inner + "field " + field + " must not be specified");
    }

    /** {@code --volumes-from container[:ro|rw]}. */
    static MountConfig.VolumesFrom volumesFrom(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) return new MountConfig.VolumesFrom(spec, "");
        String mode = spec.substring(colon + 1);
        if (!validMode(mode)) throw new BerthException.InvalidArgument("invalid mode: " + mode);
        return new MountConfig.VolumesFrom(spec.substring(0, colon), mode.contains("ro") ? "ro" : mode.contains("rw") ? "rw" : "");
    }

    /** {@code --storage-opt}: only {@code size}, as dockerd's overlay2 (go-units sizes, binary multiples). */
    static long storageSize(Map<String, String> opts) {
        long size = 0;
        for (var e : opts.entrySet()) {
            if (!e.getKey().toLowerCase(Locale.ROOT).equals("size")) {
                throw new BerthException.InvalidArgument("Unknown option " + e.getKey().toLowerCase(Locale.ROOT));
            }
            Matcher m = SIZE.matcher(e.getValue() == null ? "" : e.getValue().strip());
            if (!m.matches()) throw new BerthException.InvalidArgument("invalid size: '" + e.getValue() + "'");
            int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                case "t" -> 40;
                case "p" -> 50;
                default -> 0;
            };
            size = (long) (Double.parseDouble(m.group(1)) * (1L << shift));
        }
        return size;
    }

    /** Inspect's and ps's {@code Mounts}: every mount, in destination order. */
    public static List<dev.berth.api.types.MountPoint> mountPoints(Container c) {
        List<dev.berth.api.types.MountPoint> out = new ArrayList<>();
        for (MountPoint m : c.hostConfig().mountConfig().mounts()) {
            out.add(new dev.berth.api.types.MountPoint(m.type().wire(), m.name(), m.source(), m.destination(), m.driver(), m.mode(),
                !m.readOnly(), m.effectivePropagation()));
        }
        return out;
    }

    /** {@code HostConfig.Mounts} as the client sent them (null when none). */
    public static List<Mount> hostConfigMounts(Container c) {
        List<Mount> out = new ArrayList<>();
        for (MountPoint m : c.hostConfig().mountConfig().mounts()) {
            if (m.origin() != MountPoint.Origin.MOUNT) continue;
            out.add(switch (m.type()) {
                case BIND -> new Mount("bind", m.source(), m.destination(), m.readOnly(), null,
                    m.propagation().isEmpty() && !m.nonRecursive() ? null : new Mount.BindOptions(m.propagation(), m.nonRecursive(), false),
                    null, null);
                case VOLUME -> new Mount("volume", m.anonymous() ? "" : m.name(), m.destination(), m.readOnly(), null, null,
                    volumeOptions(m), null);
                case TMPFS -> new Mount("tmpfs", "", m.destination(), m.readOnly(), null, null, null,
                    m.tmpfsSize() == 0 && m.tmpfsMode() == null ? null
                        : new Mount.TmpfsOptions(m.tmpfsSize(), m.tmpfsMode() == null ? 0 : m.tmpfsMode()));
            });
        }
        return out.isEmpty() ? null : out;
    }

    private static Mount.VolumeOptions volumeOptions(MountPoint m) {
        boolean driverGiven = !m.driverOptions().isEmpty();
        if (m.copyData() && m.labels().isEmpty() && !driverGiven) return null;
        return new Mount.VolumeOptions(!m.copyData(), m.labels().isEmpty() ? null : new LinkedHashMap<>(m.labels()),
            driverGiven ? new Mount.DriverConfig(null, m.driverOptions()) : null, null);
    }

    /** {@code HostConfig.VolumesFrom} as given (null when none). */
    public static List<String> volumesFrom(Container c) {
        var from = c.hostConfig().mountConfig().volumesFrom();
        return from.isEmpty() ? null : from.stream().map(MountConfig.VolumesFrom::spec).toList();
    }
}
