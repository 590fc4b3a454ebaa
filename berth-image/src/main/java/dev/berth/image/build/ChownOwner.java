package dev.berth.image.build;

import dev.berth.common.error.BerthException;
import java.util.function.Function;

/**
 * The owner {@code COPY/ADD --chown=user[:group]} gives files. Names are looked up in the image's
 * {@code /etc/passwd} and {@code /etc/group}; as in dockerd, a missing group means the user's
 * string is used for the group too ({@code --chown=1000} is 1000:1000). Pure.
 *
 * @param uid, gid null when no --chown was given
 */
record ChownOwner(Integer uid, Integer gid) {
    static final ChownOwner NONE = new ChownOwner(null, null);

    /** @param files an image file's content by absolute path, or null when it does not exist */
    static ChownOwner resolve(String chown, Function<String, String> files) {
        if (chown == null || chown.isEmpty()) return NONE;
        String[] p = chown.split(":", 2);
        String user = p[0];
        String group = p.length > 1 ? p[1] : p[0];
        return new ChownOwner(id(user, "/etc/passwd", "uid", "user", files), id(group, "/etc/group", "gid", "group", files));
    }

    private static int id(String name, String file, String kind, String what, Function<String, String> files) {
        if (name.matches("\\d+")) return Integer.parseInt(name);
        String content = files.apply(file);
        if (content != null) {
            for (String line : content.split("\n")) {
                String[] f = line.split(":");
                if (f.length > 2 && f[0].equals(name)) {
                    try {
                        return Integer.parseInt(f[2]);
                    } catch (NumberFormatException e) {
                        break;
                    }
                }
            }
        }
        throw new BerthException.InvalidArgument("unable to convert uid/gid chown string to host mapping: can't find "
            + kind + " for " + what + " " + name + ": no such " + what + ": " + name);
    }
}
