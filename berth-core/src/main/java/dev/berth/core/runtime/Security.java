package dev.berth.core.runtime;

import java.util.List;

/**
 * Security settings as Docker expresses them; the runtime adapter applies Docker's defaults.
 *
 * @param privileged         --privileged: all capabilities, all devices, no masked paths, no seccomp
 * @param capAdd             --cap-add names, with or without {@code CAP_}; {@code ALL} allowed
 * @param capDrop            --cap-drop names; {@code ALL} drops everything not re-added
 * @param noNewPrivileges    --security-opt no-new-privileges
 * @param seccomp            --security-opt seccomp=…
 * @param unmaskSystemPaths  --security-opt systempaths=unconfined: no masked or read-only paths
 * @param oomScoreAdj        --oom-score-adj, null leaves it unset
 */
public record Security(boolean privileged, List<String> capAdd, List<String> capDrop, boolean noNewPrivileges,
                       SeccompProfile seccomp, boolean unmaskSystemPaths, Integer oomScoreAdj) {

    public static final Security DEFAULT =
        new Security(false, List.of(), List.of(), false, SeccompProfile.DEFAULT, false, null);

    public Security {
        capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
        capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
        seccomp = seccomp == null ? SeccompProfile.DEFAULT : seccomp;
    }

    public Security withPrivileged(boolean p) { return new Security(p, capAdd, capDrop, noNewPrivileges, seccomp, unmaskSystemPaths, oomScoreAdj); }
    public Security withCaps(List<String> add, List<String> drop) { return new Security(privileged, add, drop, noNewPrivileges, seccomp, unmaskSystemPaths, oomScoreAdj); }
    public Security withNoNewPrivileges(boolean n) { return new Security(privileged, capAdd, capDrop, n, seccomp, unmaskSystemPaths, oomScoreAdj); }
    public Security withSeccomp(SeccompProfile s) { return new Security(privileged, capAdd, capDrop, noNewPrivileges, s, unmaskSystemPaths, oomScoreAdj); }
    public Security withOomScoreAdj(Integer o) { return new Security(privileged, capAdd, capDrop, noNewPrivileges, seccomp, unmaskSystemPaths, o); }

    /** --security-opt seccomp=…: Docker's default profile, none, or a profile the client sent. */
    public sealed interface SeccompProfile {
        SeccompProfile DEFAULT = new Default();
        SeccompProfile UNCONFINED = new Unconfined();

        record Default() implements SeccompProfile {}

        record Unconfined() implements SeccompProfile {}

        /**
         * A profile in Docker's seccomp JSON format. The docker CLI reads the file client-side and sends
         * its content, so this carries the text; core does not parse JSON.
         */
        record Custom(String json) implements SeccompProfile {}
    }
}
