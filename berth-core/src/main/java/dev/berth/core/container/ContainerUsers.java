package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import dev.berth.core.runtime.RuntimeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves {@code -u user[:group]} against the container's own /etc/passwd and /etc/group, as
 * Docker does: numeric parts need no entry; names must exist; the primary group comes from passwd.
 */
final class ContainerUsers {
    private ContainerUsers() {}

    static RuntimeSpec.User resolve(Path rootfs, String spec) {
        if (spec == null || spec.isEmpty()) spec = "0";
        String[] parts = spec.split(":", 2);
        List<String[]> passwd = read(rootfs.resolve("etc/passwd"));
        List<String[]> groups = read(rootfs.resolve("etc/group"));
        int uid;
        int gid = 0;
        String userName = null;
        String[] entry = find(passwd, parts[0]);
        if (entry != null) {
            uid = Integer.parseInt(entry[2]);
            gid = Integer.parseInt(entry[3]);
            userName = entry[0];
        } else if (parts[0].matches("\\d+")) {
            uid = Integer.parseInt(parts[0]);
        } else {
            throw new BerthException.InvalidArgument("unable to find user " + parts[0] + ": no matching entries in passwd file");
        }
        if (parts.length == 2) {
            String[] g = find(groups, parts[1]);
            if (g != null) gid = Integer.parseInt(g[2]);
            else if (parts[1].matches("\\d+")) gid = Integer.parseInt(parts[1]);
            else throw new BerthException.InvalidArgument("unable to find group " + parts[1] + ": no matching entries in group file");
        }
        List<Integer> extra = new ArrayList<>();
        if (userName != null) {
            for (String[] g : groups) {
                if (g.length > 3 && List.of(g[3].split(",")).contains(userName) && Integer.parseInt(g[2]) != gid) {
                    extra.add(Integer.parseInt(g[2]));
                }
            }
        }
        return new RuntimeSpec.User(uid, gid, extra);
    }

    /** Adds {@code --group-add} groups (names from the image's /etc/group, or numbers) to {@code user}. */
    static RuntimeSpec.User withGroups(Path rootfs, RuntimeSpec.User user, List<String> groupAdd) {
        if (groupAdd.isEmpty()) return user;
        List<String[]> groups = read(rootfs.resolve("etc/group"));
        List<Integer> extra = new ArrayList<>(user.additionalGids());
        for (String name : groupAdd) {
            String[] g = find(groups, name);
            int gid;
            if (g != null) gid = Integer.parseInt(g[2]);
            else if (name.matches("\\d+")) gid = Integer.parseInt(name);
            else throw new BerthException.InvalidArgument("Unable to find group " + name + ": no matching entries in group file");
            if (!extra.contains(gid)) extra.add(gid);
        }
        return new RuntimeSpec.User(user.uid(), user.gid(), extra);
    }

    /** An entry whose name or (numeric) id matches; name first, as libcontainer does. */
    private static String[] find(List<String[]> entries, String nameOrId) {
        for (String[] e : entries) if (e[0].equals(nameOrId)) return e;
        for (String[] e : entries) if (e[2].equals(nameOrId)) return e;
        return null;
    }

    private static List<String[]> read(Path file) {
        List<String[]> out = new ArrayList<>();
        try {
            if (!Files.isRegularFile(file)) return out;
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split(":", -1);
                if (f.length >= 3 && !line.startsWith("#") && f[2].matches("\\d+")
                        && (f.length < 4 || f[3].matches("\\d*") || file.endsWith("group"))) {
                    out.add(f);
                }
            }
        } catch (IOException e) {
            throw new BerthException.Internal("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
