package dev.berth.core.image;

import dev.berth.common.error.BerthException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A parsed image reference, normalised the way Docker does: {@code busybox} is
 * {@code docker.io/library/busybox:latest}. Either {@code tag} or {@code digest} may be absent.
 */
public record ImageReference(String domain, String path, String tag, Digest digest) {
    public static final String DEFAULT_DOMAIN = "docker.io";
    public static final String DEFAULT_TAG = "latest";
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DOMAIN = Pattern.compile(
        "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?"
        + "|\\[[0-9a-fA-F:.]+\\](?::[0-9]+)?");

    /** Parses a reference; a missing tag stays missing (see {@link #withDefaultTag()}). */
    public static ImageReference parse(String text) {
        if (text == null || text.isEmpty()) throw invalid(text);
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            String d = rest.substring(at + 1);
            if (!Digest.isDigest(d)) throw invalid(text);
            digest = Digest.parse(d);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int lastColon = rest.lastIndexOf(':');
        if (lastColon > rest.lastIndexOf('/')) {
            tag = rest.substring(lastColon + 1);
            rest = rest.substring(0, lastColon);
            if (!TAG.matcher(tag).matches()) throw invalid(text);
        }
        String domain;
        String path;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        if (slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase(Locale.ROOT)))) {
            domain = first;
            path = rest.substring(slash + 1);
            if (!DOMAIN.matcher(domain).matches()) throw invalid(text);
        } else {
            domain = DEFAULT_DOMAIN;
            path = rest;
        }
        if (domain.equals("index.docker.io")) domain = DEFAULT_DOMAIN;
        if (domain.equals(DEFAULT_DOMAIN) && !path.contains("/")) path = "library/" + path;
        if (!rest.equals(rest.toLowerCase(Locale.ROOT)) && domain.equals(DEFAULT_DOMAIN)) {
            throw new BerthException.InvalidArgument(
                "invalid reference format: repository name (" + rest + ") must be lowercase");
        }
        for (String component : path.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                if (!path.equals(path.toLowerCase(Locale.ROOT))) {
                    throw new BerthException.InvalidArgument(
                        "invalid reference format: repository name (" + path + ") must be lowercase");
                }
                throw invalid(text);
            }
        }
        if ((domain + "/" + path).length() > 255) {
            throw new BerthException.InvalidArgument("invalid reference format: repository name must not be more than 255 characters");
        }
        return new ImageReference(domain, path, tag, digest);
    }

    private static BerthException.InvalidArgument invalid(String text) {
        return new BerthException.InvalidArgument("invalid reference format: " + text);
    }

    /** True when the text can only be an image ID or an ID prefix rather than a name. */
    public static boolean looksLikeId(String text) {
        return Digest.isDigest(text) || text.matches("[a-f0-9]{64}");
    }

    public ImageReference withDefaultTag() {
        return tag == null && digest == null ? new ImageReference(domain, path, DEFAULT_TAG, null) : this;
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(domain, path, newTag, null);
    }

    /** {@code docker.io/library/busybox}: the fully qualified repository. */
    public String repository() { return domain + "/" + path; }

    /** {@code busybox}, {@code me/app}, {@code localhost:5000/app}: the name the CLI shows. */
    public String familiarRepository() {
        if (!domain.equals(DEFAULT_DOMAIN)) return repository();
        return path.startsWith("library/") && path.indexOf('/', 8) < 0 ? path.substring(8) : path;
    }

    /** {@code busybox:latest} or {@code busybox@sha256:…}. */
    public String familiarString() {
        StringBuilder sb = new StringBuilder(familiarRepository());
        if (tag != null) sb.append(':').append(tag);
        if (digest != null) sb.append('@').append(digest);
        return sb.toString();
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder(repository());
        if (tag != null) sb.append(':').append(tag);
        if (digest != null) sb.append('@').append(digest);
        return sb.toString();
    }
}
