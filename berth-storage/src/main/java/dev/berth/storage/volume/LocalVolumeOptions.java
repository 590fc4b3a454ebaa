package dev.berth.storage.volume;

import dev.berth.common.error.BerthException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local driver's options, checked with dockerd's rules and wording: {@code type}, {@code device}
 * and {@code o} are mount(8) arguments applied at mount time ({@code -o type=tmpfs -o device=tmpfs
 * -o o=size=10m}); Berth adds {@code size}, a loop-mounted ext4 image, because dockerd's own
 * {@code size} needs XFS project quotas that most hosts lack.
 *
 * @param size bytes for a size-limited volume, 0 when unlimited
 */
record LocalVolumeOptions(String type, String device, String o, long size) {
    private static final List<String> KNOWN = List.of("type", "device", "o", "size");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?b)?", Pattern.CASE_INSENSITIVE);

    static LocalVolumeOptions parse(Map<String, String> opts) {
        for (String key : new java.util.TreeSet<>(opts.keySet())) {
            if (!KNOWN.contains(key)) throw new BerthException.InvalidArgument("invalid option: \"" + key + "\"");
        }
        // dockerd: device needs type, type needs device, o needs both
        require(opts, "device", "type");
        require(opts, "type", "device");
        require(opts, "o", "device");
        require(opts, "o", "type");
        long size = 0;
        if (opts.containsKey("size")) {
            if (opts.containsKey("type")) {
                throw new BerthException.InvalidArgument("size cannot be combined with type, device or o: the volume is an ext4 image of its own");
            }
            size = parseSize(opts.get("size"));
            if (size < dev.berth.storage.LoopFilesystem.MIN_SIZE) {
                throw new BerthException.InvalidArgument("invalid size " + opts.get("size") + ": a size-limited volume needs at least "
                    + (dev.berth.storage.LoopFilesystem.MIN_SIZE >> 20) + "MB");
            }
        }
        return new LocalVolumeOptions(opts.get("type"), opts.get("device"), opts.get("o"), size);
    }

    private static void require(Map<String, String> opts, String given, String needed) {
        if (opts.containsKey(given) && !opts.containsKey(needed)) {
            throw new BerthException.InvalidArgument("missing required option: \"" + needed + "\"");
        }
    }

    /** go-units' RAMInBytes, as the CLI's sizes: binary multiples, {@code 20m} = 20 MiB. */
    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.strip());
        if (!m.matches()) throw new BerthException.InvalidArgument("invalid size: '" + text + "'");
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            case "p" -> 50;
            default -> 0;
        };
        return (long) (Double.parseDouble(m.group(1)) * (1L << shift));
    }

    boolean mountsDevice() { return type != null; }

    boolean sizeLimited() { return size > 0; }
}
