package dev.berth.core.container;

import dev.berth.common.error.BerthException;

/**
 * What happens when a container's process exits (--restart).
 *
 * @param name              the policy
 * @param maximumRetryCount for {@link Name#ON_FAILURE}: restarts allowed, 0 for unlimited
 */
public record RestartPolicy(Name name, int maximumRetryCount) {
    public static final RestartPolicy NO = new RestartPolicy(Name.NO, 0);

    public RestartPolicy {
        if (maximumRetryCount < 0) throw new BerthException.InvalidArgument("invalid restart policy: maximum retry count cannot be negative");
        if (maximumRetryCount > 0 && name != Name.ON_FAILURE) {
            throw new BerthException.InvalidArgument("invalid restart policy: maximum retry count can only be used with 'on-failure'");
        }
    }

    public enum Name {
        NO("no"), ALWAYS("always"), UNLESS_STOPPED("unless-stopped"), ON_FAILURE("on-failure");

        private final String wire;

        Name(String wire) { this.wire = wire; }

        /** Docker's spelling: {@code no}, {@code always}, {@code unless-stopped}, {@code on-failure}. */
        public String wire() { return wire; }

        public static Name parse(String s) {
            if (s == null || s.isEmpty()) return NO;
            for (Name n : values()) if (n.wire.equals(s)) return n;
            throw new BerthException.InvalidArgument("invalid restart policy: unknown policy '" + s
                + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        }
    }

    /**
     * Whether an exit calls for a restart.
     *
     * @param restartCount    restarts so far (for on-failure's limit)
     * @param manuallyStopped the user stopped it (docker stop/kill): only a later start brings it back
     */
    public boolean shouldRestart(int exitCode, int restartCount, boolean manuallyStopped) {
        if (manuallyStopped) return false;
        return switch (name) {
            case NO -> false;
            case ALWAYS, UNLESS_STOPPED -> true;
            case ON_FAILURE -> exitCode != 0 && (maximumRetryCount == 0 || restartCount < maximumRetryCount);
        };
    }
}
