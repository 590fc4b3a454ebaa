package dev.berth.image.registry;

import dev.berth.core.image.Digest;
import dev.berth.core.image.ImageReference;
import dev.berth.core.image.Progress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * dockerd's exact progress wording for pull and push, in one place: the docker CLI keys its
 * progress bars on these strings, so they must not drift. {@link ImagePuller} and
 * {@link ImagePusher} emit the per-layer lines; the image service emits the lines marked "caller".
 */
public final class ProgressMessages {
    private ProgressMessages() {}

    // pull, emitted by ImagePuller
    public static final String PULLING_FS_LAYER = "Pulling fs layer";
    public static final String ALREADY_EXISTS = "Already exists";
    public static final String WAITING = "Waiting";
    public static final String DOWNLOADING = "Downloading";
    public static final String VERIFYING_CHECKSUM = "Verifying Checksum";
    public static final String DOWNLOAD_COMPLETE = "Download complete";
    // pull, caller (the local store)
    public static final String EXTRACTING = "Extracting";
    public static final String PULL_COMPLETE = "Pull complete";

    // push, emitted by ImagePusher
    public static final String PREPARING = "Preparing";
    public static final String PUSHING = "Pushing";
    public static final String PUSHED = "Pushed";
    public static final String LAYER_ALREADY_EXISTS = "Layer already exists";

    /** {@code "Pulling from library/busybox"}, id = tag or digest (emitted by ImagePuller). */
    public static void pullingFrom(Progress p, ImageReference ref) {
        p.status(ref.tag() != null ? ref.tag() : String.valueOf(ref.digest()), "Pulling from " + ref.path());
    }

    /** Caller: after the image is stored, the {@code Digest:} and {@code Status:} lines. */
    public static void pullFinished(Progress p, ImageReference ref, Digest digest, boolean downloadedNewer) {
        p.status(null, "Digest: " + digest);
        p.status(null, (downloadedNewer ? "Status: Downloaded newer image for " : "Status: Image is up to date for ")
            + ref.familiarString());
    }

    /** Caller, once per {@code docker push} before the tags: {@code The push refers to repository [x]}. */
    public static void pushRefersTo(Progress p, ImageReference ref) {
        p.status(null, "The push refers to repository [" + ref.repository() + "]");
    }

    /** {@code "Mounted from library/busybox"} (emitted by ImagePusher). */
    public static String mountedFrom(ImageReference source) {
        return "Mounted from " + source.familiarRepository();
    }

    /** {@code "latest: digest: sha256:… size: 528"} plus the aux record the CLI reads (emitted by ImagePusher). */
    public static void pushed(Progress p, String tag, Digest digest, int size) {
        p.status(null, tag + ": digest: " + digest + " size: " + size);
        Map<String, Object> aux = new LinkedHashMap<>();
        aux.put("Tag", tag);
        aux.put("Digest", digest.toString());
        aux.put("Size", size);
        p.aux(aux);
    }
}
