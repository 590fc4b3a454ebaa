package dev.berth.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.common.process.CommandRunner;
import org.junit.jupiter.api.Test;

class IptablesTest {
    private final RecordingRunner runner = new RecordingRunner();
    private final Iptables iptables = new Iptables(runner, "BERTH");

    @Test
    void addChecksFirstAndAppendsOrInsertsWithTheCommentTag() {
        runner.answer = argv -> new CommandRunner.Result(argv.contains("-C") ? 1 : 0, "", "");
        iptables.add(iptables.networkRules("berth0", "172.17.0.0/16", true, false, true));
        assertThat(runner.lines()).contains(
            "iptables -w -t filter -C BERTH-ISOLATION-STAGE-1 -i berth0 ! -o berth0 -m comment --comment BERTH:berth0 -j BERTH-ISOLATION-STAGE-2",
            "iptables -w -t filter -I BERTH-ISOLATION-STAGE-1 1 -i berth0 ! -o berth0 -m comment --comment BERTH:berth0 -j BERTH-ISOLATION-STAGE-2",
            "iptables -w -t filter -A BERTH-FORWARD -o berth0 -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment BERTH:berth0 -j ACCEPT",
            "iptables -w -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o berth0 -m comment --comment BERTH:berth0 -j MASQUERADE",
            "iptables -w -t nat -A POSTROUTING -o berth0 -m addrtype --src-type LOCAL -m comment --comment BERTH:berth0 -j MASQUERADE",
            "iptables -w -t filter -A BERTH-FORWARD -i berth0 -o berth0 -m comment --comment BERTH:berth0 -j ACCEPT");
    }

    @Test
    void existingRulesAreNotAddedTwice() {
        iptables.add(iptables.networkRules("berth0", "172.17.0.0/16", true, false, true));
        assertThat(runner.lines()).allMatch(l -> l.contains(" -C "));
    }

    @Test
    void iccOffDropsTrafficBetweenContainersAndInternalIsolates() {
        var rules = iptables.networkRules("br-x", "10.1.0.0/24", false, true, true);
        var text = rules.stream().map(r -> String.join(" ", r.argv("-A"))).toList();
        assertThat(text).contains(
            "iptables -w -t filter -A BERTH-ISOLATION-STAGE-1 ! -s 10.1.0.0/24 -o br-x -m comment --comment BERTH:br-x -j DROP",
            "iptables -w -t filter -A BERTH-ISOLATION-STAGE-1 ! -d 10.1.0.0/24 -i br-x -m comment --comment BERTH:br-x -j DROP",
            "iptables -w -t filter -A BERTH-FORWARD -i br-x -o br-x -m comment --comment BERTH:br-x -j DROP");
        assertThat(text).noneMatch(l -> l.contains("MASQUERADE"));
    }

    @Test
    void portRulesDnatAcceptAndHairpin() {
        var text = iptables.portRules("berth0", "127.0.0.1", 8080, "tcp", "172.17.0.2", 80).stream()
            .map(r -> String.join(" ", r.argv(r.insert() ? "-I" : "-A"))).toList();
        assertThat(text).containsExactly(
            "iptables -w -t nat -A BERTH -d 127.0.0.1/32 -p tcp -m tcp --dport 8080 -m comment --comment BERTH:berth0:tcp/8080 -j DNAT --to-destination 172.17.0.2:80",
            "iptables -w -t filter -A BERTH -d 172.17.0.2/32 ! -i berth0 -o berth0 -p tcp -m tcp --dport 80 -m comment --comment BERTH:berth0:tcp/8080 -j ACCEPT",
            "iptables -w -t nat -A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -m comment --comment BERTH:berth0:tcp/8080 -j MASQUERADE");
        assertThat(iptables.portRules("b", "", 53, "udp", "10.0.0.2", 53).getFirst().spec()).doesNotContain("-d");
    }

    @Test
    void baseChainsJumpFromForwardAndFromLocalDestinations() {
        runner.answer = argv -> new CommandRunner.Result(argv.contains("-C") ? 1 : 0, "", "");
        iptables.ensureBase();
        assertThat(runner.lines()).contains(
            "iptables -w -t filter -N BERTH-ISOLATION-STAGE-2",
            "iptables -w -t nat -N BERTH",
            "iptables -w -t filter -I FORWARD 1 -m comment --comment BERTH -j BERTH-FORWARD",
            "iptables -w -t nat -A OUTPUT -m addrtype --dst-type LOCAL -m comment --comment BERTH -j BERTH");
    }

    @Test
    void aFailedAddUndoesWhatItAdded() {
        runner.answer = argv -> new CommandRunner.Result(argv.contains("-C") ? 1
            : argv.contains("-A") && argv.contains("MASQUERADE") ? 1 : 0, "", "boom");
        assertThatThrownBy(() -> iptables.add(iptables.networkRules("br-y", "10.2.0.0/24", true, false, true)))
            .isInstanceOf(BerthException.Internal.class).hasMessageContaining("boom");
        assertThat(runner.lines()).anyMatch(l -> l.startsWith("iptables -w -t filter -D BERTH-ISOLATION-STAGE-1 -i br-y"));
    }

    @Test
    void prefixesAreChecked() {
        assertThatThrownBy(() -> new Iptables(runner, "BAD PREFIX")).isInstanceOf(BerthException.InvalidArgument.class);
    }
}
