package dev.berth.core.image;

/**
 * Receives the progress of a long image operation (pull, push, load, import, build). The API
 * server renders each call as one JSON message of the stream the docker CLI draws progress from.
 * Implementations must be thread-safe: layers transfer in parallel.
 */
public interface Progress {
    /** A status line, optionally about one layer or image ({@code id} may be null). */
    void status(String id, String status);

    /** A progress bar for {@code id}: {@code current} of {@code total} bytes ({@code total} ≤ 0 when unknown). */
    void bytes(String id, String status, long current, long total);

    /** Free text for the {@code stream} field (load, build). */
    void stream(String text);

    /** A machine-readable result for the {@code aux} field (push digest, build image ID). */
    void aux(java.util.Map<String, Object> aux);

    Progress NONE = new Progress() {
        @Override public void status(String id, String status) {}
        @Override public void bytes(String id, String status, long current, long total) {}
        @Override public void stream(String text) {}
        @Override public void aux(java.util.Map<String, Object> aux) {}
    };
}
