package dev.berth.api.streams;

import dev.berth.common.error.BerthException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The key sequence that detaches a client from a container without stopping it
 * ({@code --detach-keys}, default {@code ctrl-p,ctrl-q}). Parsed as dockerd's {@code term.ToBytes}:
 * comma-separated keys, each a single character or {@code ctrl-@}, {@code ctrl-a} … {@code ctrl-z},
 * {@code ctrl-[}, {@code ctrl-\}, {@code ctrl-]}, {@code ctrl-^}, {@code ctrl-_} (any case).
 */
public final class DetachKeys {
    /** ctrl-p, ctrl-q. */
    public static final DetachKeys DEFAULT = new DetachKeys(new byte[] {16, 17});

    private static final String CTRL_SUFFIXES = "@abcdefghijklmnopqrstuvwxyz[\\]^_"; // ctrl-@ is 0 … ctrl-_ is 31

    private final byte[] sequence;

    private DetachKeys(byte[] sequence) {
        this.sequence = sequence;
    }

    /**
     * @param spec the {@code detachKeys} query parameter; null or empty for the default
     * @throws BerthException.InvalidArgument with dockerd's wording
     */
    public static DetachKeys parse(String spec) {
        if (spec == null || spec.isEmpty()) return DEFAULT;
        String[] keys = spec.split(",", -1);
        byte[] codes = new byte[keys.length];
        for (int i = 0; i < keys.length; i++) {
            codes[i] = code(keys[i], spec);
        }
        return new DetachKeys(codes);
    }

    private static byte code(String key, String spec) {
        if (key.length() == 1) return (byte) key.charAt(0);
        String k = key.toLowerCase(Locale.ROOT);
        if (k.length() == 6 && k.startsWith("ctrl-")) {
            int idx = CTRL_SUFFIXES.indexOf(k.charAt(5));
            if (idx >= 0) return (byte) idx;
        }
        throw new BerthException.InvalidArgument("Invalid detach keys (" + spec + ") provided");
    }

    public byte[] bytes() { return sequence.clone(); }

    /** A fresh matcher for one input stream. */
    public Matcher matcher() { return new Matcher(); }

    @Override public boolean equals(Object o) { return o instanceof DetachKeys d && Arrays.equals(sequence, d.sequence); }

    @Override public int hashCode() { return Arrays.hashCode(sequence); }

    @Override public String toString() { return "DetachKeys" + Arrays.toString(sequence); }

    /**
     * Watches a byte stream for the sequence: bytes that might start it are held back; if the
     * sequence breaks they are passed on after all, if it completes it is swallowed and the client
     * detaches. dockerd only recognises keys that arrive one per read (typed keys); this also finds
     * them inside a larger read. Not thread-safe.
     */
    public final class Matcher {
        private int matched;
        private boolean detached;

        private Matcher() {}

        /**
         * Filters {@code len} bytes of {@code in} into {@code out}, which needs room for
         * {@code len + sequence length} bytes. Stops at a completed sequence (see {@link #detached}).
         *
         * @return the number of bytes to pass on (those before the sequence when it completed)
         */
        public int filter(byte[] in, int off, int len, byte[] out) {
            int n = 0;
            for (int i = off; i < off + len && !detached; i++) {
                byte b = in[i];
                if (b != sequence[matched] && matched > 0) {
                    // the held-back prefix was ordinary input after all
                    System.arraycopy(sequence, 0, out, n, matched);
                    n += matched;
                    matched = 0;
                }
                if (b == sequence[matched]) {
                    detached = ++matched == sequence.length;
                } else {
                    out[n++] = b;
                }
            }
            return n;
        }

        /** True once the whole sequence has been seen. */
        public boolean detached() { return detached; }
    }
}
