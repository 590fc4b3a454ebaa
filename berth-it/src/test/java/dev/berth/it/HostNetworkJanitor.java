package dev.berth.it;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network test's own names (bridge, iptables chain prefix, a /16 no host route touches) and the
 * cleanup that removes exactly what carries them: links, tagged rules, chains.
 */
final class HostNetworkJanitor {
    final String suffix = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    final String bridge = "bt" + suffix;
    final String prefix = "BT" + suffix;
    final int second;
    private final List<String> links = new ArrayList<>();

    HostNetworkJanitor() {
        String routes = run("ip", "-4", "route", "show");
        SecureRandom r = new SecureRandom();
        int pick;
        do {
            pick = 200 + r.nextInt(50);
        } while (routes.contains("10." + pick + "."));
        second = pick;
        links.add(bridge);
    }

    /** {@code 10.<second>.0.0/16}: the test's address range. */
    String range() { return "10." + second + ".0.0/16"; }

    String daemonJson() {
        return """
            {"bridge": "%s", "iptables-chain-prefix": "%s", "ip-forward": false,
             "default-address-pools": [{"base": "%s", "size": 24}]}""".formatted(bridge, prefix, range());
    }

    void ownLink(String name) { links.add(name); }

    String links() { return run("ip", "-br", "link"); }

    String iptablesSave() { return run("iptables-save"); }

    void cleanUp() {
        for (String l : links) run("ip", "link", "del", "dev", l);
        for (String table : List.of("filter", "nat")) {
            for (String line : run("iptables-save", "-t", table).lines().toList()) {
                String unquoted = line.replace("\"", "");
                if (!unquoted.startsWith("-A ") || !unquoted.contains("--comment " + prefix)) continue;
                List<String> argv = new ArrayList<>(List.of("iptables", "-w", "-t", table, "-D"));
                argv.addAll(Arrays.asList(unquoted.substring(3).split(" ")));
                run(argv.toArray(String[]::new));
            }
        }
        for (String phase : List.of("-F", "-X")) {
            for (String chain : List.of(prefix, prefix + "-FORWARD", prefix + "-USER", prefix + "-ISOLATION-STAGE-1", prefix + "-ISOLATION-STAGE-2")) {
                run("iptables", "-w", "-t", "filter", phase, chain);
            }
            run("iptables", "-w", "-t", "nat", phase, prefix);
        }
    }

    static String run(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
            return new String(out, StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "";
        }
    }
}
