package dev.berth.network;

import dev.berth.common.process.CommandRunner;
import dev.berth.common.process.HostCommandRunner;
import dev.berth.core.network.Ipv4Cidr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What a real-kernel test owns: a random suffix for its bridge, iptables chain prefix and network
 * namespaces, a subnet that collides with no host route, and a cleanup that removes exactly those
 * (namespaces, links, tagged rules, chains) whether or not the test passed.
 */
final class KernelFixture implements AutoCloseable {
    static final Duration T = Duration.ofSeconds(20);
    final CommandRunner runner = new HostCommandRunner();
    final String suffix = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    final String bridge = "bt" + suffix;
    final String prefix = "BT" + suffix;
    final Ipv4Cidr subnet;
    private final List<String> netns = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    KernelFixture() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")), "needs ip");
        Assumptions.assumeTrue(runner.run(List.of("iptables", "--version"), T).ok(), "needs iptables");
        List<Ipv4Cidr> routes = new IpRoute2(runner).routes();
        SecureRandom r = new SecureRandom();
        Ipv4Cidr pick;
        do {
            pick = Ipv4Cidr.parse("10." + (200 + r.nextInt(50)) + "." + r.nextInt(256) + ".0/24");
        } while (overlaps(routes, pick));
        subnet = pick;
    }

    private static boolean overlaps(List<Ipv4Cidr> routes, Ipv4Cidr c) {
        return routes.stream().anyMatch(x -> x.overlaps(c));
    }

    Ipv4Cidr address(int host) { return subnet.withAddress(subnet.first() + host); }

    /** Creates a namespace of this test ({@code bt-<suffix>-<name>}) and returns its path. */
    String netns(String name) {
        String ns = "bt-" + suffix + "-" + name;
        runner.check(List.of("ip", "netns", "add", ns), T);
        netns.add(ns);
        return "/run/netns/" + ns;
    }

    CommandRunner.Result inNetns(String path, String... argv) {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + path));
        full.addAll(Arrays.asList(argv));
        return runner.run(full, T);
    }

    Process startInNetns(String path, String... argv) throws java.io.IOException {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + path));
        full.addAll(Arrays.asList(argv));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        return p;
    }

    String iptablesSave() {
        return runner.run(List.of("iptables-save"), T).stdout();
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
            try {
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
        for (String ns : netns) runner.run(List.of("ip", "netns", "del", ns), T);
        runner.run(List.of("ip", "link", "del", "dev", bridge), T);
        removeTaggedRules();
        new Iptables(runner, prefix).removeBase();
    }

    /** Deletes every rule whose comment starts with this test's prefix, wherever it is. */
    private void removeTaggedRules() {
        for (String table : List.of("filter", "nat")) {
            String dump = runner.run(List.of("iptables-save", "-t", table), T).stdout();
            for (String line : dump.lines().toList()) {
                // the nft backend quotes comments ("BT…:bt…"), legacy does not; tags have no spaces
                String unquoted = line.replace("\"", "");
                if (!unquoted.startsWith("-A ") || !unquoted.contains("--comment " + prefix)) continue;
                List<String> argv = new ArrayList<>(List.of("iptables", "-w", "-t", table, "-D"));
                argv.addAll(Arrays.asList(unquoted.substring(3).split(" ")));
                runner.run(argv, T);
            }
        }
    }
}
