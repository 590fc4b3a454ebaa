package dev.berth.image;

/** Go's formatting of strings where dockerd's output or error texts show it and Berth must match. */
public final class GoStrings {
    private GoStrings() {}

    /** Go's {@code %q} of a string: double-quoted, with Go's escapes. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) b.append(String.format("\\x%02x", (int) c)); else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
