package dev.berth.storage;

import dev.berth.core.image.Digest;

/**
 * A registered layer. {@code chainId} names the layer together with all layers below it;
 * {@code sourceBlob} is the blob (in {@link BlobStore}) the layer was extracted from, stored with
 * {@code compression}, so that decompressing it yields the exact tar whose sha256 is {@code diffId}.
 *
 * @param diffSize bytes of file content the layer adds (what {@code docker images} sums up)
 * @param tarSize  bytes of the uncompressed layer tar (needed up front to write {@code docker save})
 */
public record Layer(Digest chainId, Digest diffId, Digest parent, long diffSize, long tarSize,
                    Digest sourceBlob, Compression compression) {

    /** OCI chain ID: the diffID for a base layer, else sha256(parentChainID + " " + diffID). */
    public static Digest chainId(Digest parentChainId, Digest diffId) {
        if (parentChainId == null) return diffId;
        return Digest.sha256(parentChainId + " " + diffId);
    }

    /** Chain ID of the top layer of a stack of diff IDs (bottom first); null for no layers. */
    public static Digest chainId(java.util.List<Digest> diffIds) {
        Digest chain = null;
        for (Digest d : diffIds) chain = chainId(chain, d);
        return chain;
    }
}
