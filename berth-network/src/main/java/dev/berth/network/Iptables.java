package dev.berth.network;

import dev.berth.common.error.BerthException;
import dev.berth.common.process.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Berth's iptables rules, through the {@code iptables} command (legacy or nft backend, whichever the
 * host selected; {@link #backend()} tells which). Chains are named after a prefix ({@code BERTH}
 * by default) so that several engines — or tests — can share a host without touching each other's
 * rules:
 * <pre>
 *  filter FORWARD → P-FORWARD → P-USER, P-ISOLATION-STAGE-1, then per bridge: established, → P, out, icc
 *  filter P       : one ACCEPT per published port
 *  nat PREROUTING/OUTPUT (dst LOCAL) → nat P : one DNAT per published port
 *  nat POSTROUTING: MASQUERADE per subnet, loopback → bridge, hairpin per port
 * </pre>
 * Adding checks first ({@code -C}) so that restoring over live rules never duplicates them.
 * Thread-safe: iptables' own lock ({@code -w}) serialises the commands.
 */
public final class Iptables {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    public static final String DEFAULT_PREFIX = "BERTH";

    private final CommandRunner runner;
    private final String prefix;

    public Iptables(CommandRunner runner, String prefix) {
        if (!prefix.matches("[A-Za-z][A-Za-z0-9_]{0,9}")) {
            throw new BerthException.InvalidArgument("invalid iptables chain prefix " + prefix + ": 1-10 letters, digits or _");
        }
        this.runner = runner;
        this.prefix = prefix;
    }

    public String prefix() { return prefix; }

    public String chain(String suffix) { return suffix.isEmpty() ? prefix : prefix + "-" + suffix; }

    /** "nf_tables" or "legacy", from {@code iptables --version}; for logs and info. */
    public String backend() {
        String v = runner.check(List.of("iptables", "--version"), TIMEOUT);
        return v.contains("nf_tables") ? "nf_tables" : "legacy";
    }

    /** The chains Berth owns, filter table first. */
    List<String[]> chains() {
        return List.of(new String[] {"filter", chain("")}, new String[] {"filter", chain("FORWARD")},
            new String[] {"filter", chain("USER")}, new String[] {"filter", chain("ISOLATION-STAGE-1")},
            new String[] {"filter", chain("ISOLATION-STAGE-2")}, new String[] {"nat", chain("")});
    }

    /** The jumps from the built-in chains and the fixed content of Berth's chains. */
    List<IptablesRule> baseRules() {
        String tag = prefix;
        return List.of(
            IptablesRule.insert("filter", "FORWARD", tag, "-j", chain("FORWARD")),
            IptablesRule.append("filter", chain("FORWARD"), tag, "-j", chain("USER")),
            IptablesRule.append("filter", chain("FORWARD"), tag, "-j", chain("ISOLATION-STAGE-1")),
            IptablesRule.append("filter", chain("USER"), tag, "-j", "RETURN"),
            IptablesRule.append("filter", chain("ISOLATION-STAGE-1"), tag, "-j", "RETURN"),
            IptablesRule.append("filter", chain("ISOLATION-STAGE-2"), tag, "-j", "RETURN"),
            IptablesRule.append("nat", "PREROUTING", tag, "-m", "addrtype", "--dst-type", "LOCAL", "-j", chain("")),
            // loopback included: published ports answer on 127.0.0.1 without a userland proxy
            IptablesRule.append("nat", "OUTPUT", tag, "-m", "addrtype", "--dst-type", "LOCAL", "-j", chain("")));
    }

    /** Creates the chains and base rules; idempotent. */
    public void ensureBase() {
        for (String[] c : chains()) {
            var r = runner.run(List.of("iptables", "-w", "-t", c[0], "-N", c[1]), TIMEOUT);
            if (!r.ok() && !r.stderr().contains("already exists")) {
                throw new BerthException.Internal("iptables -N " + c[1] + " failed: " + r.stderr().strip());
            }
        }
        add(baseRules());
    }

    /** Removes the base rules and the chains (flushing them first). Missing pieces are fine. */
    public void removeBase() {
        delete(baseRules());
        // flush all before deleting any: Berth's chains jump to each other
        for (String[] c : chains()) runner.run(List.of("iptables", "-w", "-t", c[0], "-F", c[1]), TIMEOUT);
        for (String[] c : chains()) runner.run(List.of("iptables", "-w", "-t", c[0], "-X", c[1]), TIMEOUT);
    }

    /** What one bridge network needs. */
    public List<IptablesRule> networkRules(String bridge, String subnet, boolean icc, boolean internal, boolean masquerade) {
        String tag = prefix + ":" + bridge;
        String fwd = chain("FORWARD");
        List<IptablesRule> rules = new ArrayList<>();
        if (internal) {
            rules.add(IptablesRule.insert("filter", chain("ISOLATION-STAGE-1"), tag, "!", "-s", subnet, "-o", bridge, "-j", "DROP"));
            rules.add(IptablesRule.insert("filter", chain("ISOLATION-STAGE-1"), tag, "!", "-d", subnet, "-i", bridge, "-j", "DROP"));
        } else {
            rules.add(IptablesRule.insert("filter", chain("ISOLATION-STAGE-1"), tag, "-i", bridge, "!", "-o", bridge,
                "-j", chain("ISOLATION-STAGE-2")));
            rules.add(IptablesRule.insert("filter", chain("ISOLATION-STAGE-2"), tag, "-o", bridge, "-j", "DROP"));
            rules.add(IptablesRule.append("filter", fwd, tag, "-o", bridge, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"));
            rules.add(IptablesRule.append("filter", fwd, tag, "-o", bridge, "-j", chain("")));
            rules.add(IptablesRule.append("filter", fwd, tag, "-i", bridge, "!", "-o", bridge, "-j", "ACCEPT"));
            if (masquerade) {
                rules.add(IptablesRule.append("nat", "POSTROUTING", tag, "-s", subnet, "!", "-o", bridge, "-j", "MASQUERADE"));
            }
            // connections from 127.0.0.1 DNAT'ed into the bridge need a source the container can answer
            rules.add(IptablesRule.append("nat", "POSTROUTING", tag, "-o", bridge, "-m", "addrtype", "--src-type", "LOCAL",
                "-j", "MASQUERADE"));
        }
        rules.add(IptablesRule.append("filter", fwd, tag, "-i", bridge, "-o", bridge, "-j", icc ? "ACCEPT" : "DROP"));
        return rules;
    }

    /**
     * What one published port needs: DNAT from the host port, ACCEPT into the bridge, and
     * MASQUERADE for a container reaching its own port through the host (hairpin).
     */
    public List<IptablesRule> portRules(String bridge, String hostIp, int hostPort, String proto, String containerIp, int containerPort) {
        String tag = prefix + ":" + bridge + ":" + proto + "/" + hostPort;
        String port = Integer.toString(containerPort);
        List<String> dnat = new ArrayList<>();
        if (hostIp != null && !hostIp.isEmpty() && !hostIp.equals("0.0.0.0")) dnat.addAll(List.of("-d", hostIp + "/32"));
        dnat.addAll(List.of("-p", proto, "-m", proto, "--dport", Integer.toString(hostPort),
            "-j", "DNAT", "--to-destination", containerIp + ":" + port));
        return List.of(
            IptablesRule.append("nat", chain(""), tag, dnat.toArray(String[]::new)),
            IptablesRule.append("filter", chain(""), tag, "-d", containerIp + "/32", "!", "-i", bridge, "-o", bridge,
                "-p", proto, "-m", proto, "--dport", port, "-j", "ACCEPT"),
            IptablesRule.append("nat", "POSTROUTING", tag, "-s", containerIp + "/32", "-d", containerIp + "/32",
                "-p", proto, "-m", proto, "--dport", port, "-j", "MASQUERADE"));
    }

    /** Adds the rules that are not there yet, in order; on failure removes those it added and throws. */
    public void add(List<IptablesRule> rules) {
        List<IptablesRule> added = new ArrayList<>();
        for (IptablesRule rule : rules) {
            if (runner.run(rule.argv("-C"), TIMEOUT).ok()) continue;
            var r = runner.run(rule.argv(rule.insert() ? "-I" : "-A"), TIMEOUT);
            if (!r.ok()) {
                delete(added);
                throw new BerthException.Internal(String.join(" ", rule.argv(rule.insert() ? "-I" : "-A")) + " failed: " + r.stderr().strip());
            }
            added.add(rule);
        }
    }

    /** Deletes the rules (every copy of each), in reverse order; rules already gone are fine. */
    public void delete(List<IptablesRule> rules) {
        for (IptablesRule rule : rules.reversed()) {
            for (int i = 0; i < 8 && runner.run(rule.argv("-D"), TIMEOUT).ok(); i++) {
                // a crash between add and store may have left a copy; -D removes one at a time
            }
        }
    }
}
