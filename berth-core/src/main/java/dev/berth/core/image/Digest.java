package dev.berth.core.image;

import dev.berth.common.error.BerthException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:abc…}; image IDs, layer diff IDs and blob names are digests. */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
    private static final Pattern SHA256_HEX = Pattern.compile("[a-f0-9]{64}");

    public Digest {
        if (!"sha256".equals(algorithm)) {
            throw new BerthException.InvalidArgument("unsupported digest algorithm: " + algorithm);
        }
        if (!SHA256_HEX.matcher(hex).matches()) {
            throw new BerthException.InvalidArgument("invalid checksum digest format");
        }
    }

    /** Parses {@code sha256:<64 hex>}; anything else is an {@link BerthException.InvalidArgument}. */
    public static Digest parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) throw new BerthException.InvalidArgument("invalid checksum digest format: " + text);
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static boolean isDigest(String text) {
        return text.startsWith("sha256:") && SHA256_HEX.matcher(text.substring(7)).matches();
    }

    public static Digest sha256(byte[] content) {
        return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(content)));
    }

    public static Digest sha256(String content) {
        return sha256(content.getBytes(StandardCharsets.UTF_8));
    }

    public static Digest ofSha256(byte[] digestBytes) {
        return new Digest("sha256", HexFormat.of().formatHex(digestBytes));
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first 12 hex characters, as {@code docker images} shows IDs. */
    public String shortHex() { return hex.substring(0, 12); }

    @Override public String toString() { return algorithm + ":" + hex; }

    @Override public int compareTo(Digest o) { return toString().compareTo(o.toString()); }
}
