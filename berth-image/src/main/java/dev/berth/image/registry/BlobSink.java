package dev.berth.image.registry;

import dev.berth.core.image.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a downloaded blob goes. Lifecycle: {@link #stream()} once, then exactly one of
 * {@link #commit(Digest)} (the bytes were verified against the descriptor) or {@link #abort()}
 * (transfer failed or content did not verify: discard everything written). The client closes
 * nothing itself; the sink owns its stream. Called from a download thread, one blob per sink.
 */
public interface BlobSink {
    OutputStream stream() throws IOException;

    /** The bytes written are complete and hash to {@code digest}; make them visible. */
    void commit(Digest digest) throws IOException;

    /** Forget everything written; must not throw. */
    void abort();

    /** Collects a small blob (a config, a manifest) in memory. */
    static Memory memory() { return new Memory(); }

    final class Memory implements BlobSink {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private volatile boolean committed;

        @Override public OutputStream stream() { return out; }
        @Override public void commit(Digest digest) { committed = true; }
        @Override public void abort() { out.reset(); }

        public boolean committed() { return committed; }

        public byte[] bytes() { return out.toByteArray(); }
    }
}
