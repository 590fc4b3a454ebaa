package dev.berth.image.registry;

import dev.berth.core.image.Digest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A PullTarget keeping committed layers in memory and counting aborts. */
final class MemoryTarget implements PullTarget {
    final Map<Digest, byte[]> committed = new ConcurrentHashMap<>();
    final Set<Digest> aborted = ConcurrentHashMap.newKeySet();
    final Set<Digest> present = ConcurrentHashMap.newKeySet();

    @Override public boolean hasLayer(Descriptor layer, Digest diffId) { return present.contains(layer.digest()); }

    @Override public BlobSink layerSink(Descriptor layer, Digest diffId) {
        BlobSink.Memory memory = BlobSink.memory();
        return new BlobSink() {
            @Override public java.io.OutputStream stream() { return memory.stream(); }
            @Override public void commit(Digest digest) { committed.put(digest, memory.bytes()); }
            @Override public void abort() { aborted.add(layer.digest()); }
        };
    }
}
