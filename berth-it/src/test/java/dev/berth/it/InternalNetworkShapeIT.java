package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * An {@code --internal} network as {@code docker network inspect} shows it (IPAM config with and
 * without {@code --subnet}) and as a running container on it shows it (NetworkSettings),
 * compared between Berth and the reference dockerd 20.10 after masking what differs by nature.
 * dockerd 20.10 reports the gateway of internal networks like that of any other. (Routes are not
 * compared: dockerd also routes an internal-only container's default through that gateway, where
 * iptables drops it; Berth gives such a container no default route.) Each engine gets its own
 * bridges and subnets.
 */
class InternalNetworkShapeIT {

    private record Shapes(String pinned, String pooled, String running) {}

    private static Shapes shapes(DockerCli docker, String bridge, String subnetPrefix, String poolOctets) {
        docker.ok("network", "create", "--internal", "--subnet", subnetPrefix + ".0/24",
            "-o", "com.docker.network.bridge.name=" + bridge + "s", "pinned");
        docker.ok("network", "create", "--internal", "-o", "com.docker.network.bridge.name=" + bridge + "p", "pooled");
        try {
            String pinned = docker.ok("network", "inspect", "pinned", "--format", "{{json .IPAM}} {{.Internal}}").stdout().strip();
            String pooled = docker.ok("network", "inspect", "pooled", "--format", "{{json .IPAM}} {{.Internal}}").stdout().strip();
            docker.ok("run", "--pull", "never", "-d", "--name", "i1", "--network", "pinned", "busybox", "sleep", "300");
            String running = docker.ok("inspect", "i1", "--format",
                "{{.NetworkSettings.Gateway}} {{.NetworkSettings.IPPrefixLen}} {{json .NetworkSettings.Networks}}").stdout().strip();
            Function<String, String> mask = s -> s.replace(subnetPrefix + ".", "SUBNET.")
                .replaceAll(poolOctets.replace(".", "\\.") + "\\.9[45]\\.", "POOL.")
                .replaceAll("[0-9a-f]{64}", "ID").replaceAll("\"[0-9a-f]{12}\"", "\"SHORT\"")
                .replaceAll("02:42(:[0-9a-f]{2}){4}", "MAC");
            return new Shapes(mask.apply(pinned), mask.apply(pooled), mask.apply(running));
        } finally {
            docker.run("rm", "-f", "i1");
            docker.run("network", "rm", "pinned", "pooled");
        }
    }

    @Test
    void internalNetworksShowTheirGatewayAsDockerdShowsIt() {
        var host = new HostNetworkJanitor();
        for (String end : new String[] {"bs", "bp", "rs", "rp"}) host.ownLink(host.bridge + end);
        // a /23 of two pools: Berth's default bridge takes one of them, the internal network the other
        String pool = "10." + host.second;
        try {
            Shapes berth;
            String config = """
                {"bridge": "%s", "iptables-chain-prefix": "%s", "ip-forward": false,
                 "default-address-pools": [{"base": "%s.94.0/23", "size": 24}]}""".formatted(host.bridge, host.prefix, pool);
            try (var daemon = BerthDaemonProcess.builder().configJson(config).start()) {
                daemon.docker().ok("import", TestImages.busyboxRootfsTar(daemon.scratch()).toString(), "busybox:latest");
                try {
                    berth = shapes(daemon.docker(), host.bridge + "b", "10." + host.second + ".92", pool);
                } finally {
                    ContainerCleanup.removeAll(daemon);
                }
            }
            Shapes dockerd;
            try (var ref = ReferenceDockerd.start("--default-address-pool", "base=" + pool + ".94.0/23,size=24")) {
                ref.docker().ok("import", TestImages.busyboxRootfsTar(ref.scratch()).toString(), "busybox:latest");
                dockerd = shapes(ref.docker(), host.bridge + "r", "10." + host.second + ".92", pool);
            }
            assertThat(dockerd.pooled()).contains("\"Gateway\":\"POOL.1\"");
            assertThat(dockerd.running()).contains("\"Gateway\":\"SUBNET.1\"");
            assertThat(berth.pinned()).isEqualTo(dockerd.pinned());
            assertThat(berth.pooled()).isEqualTo(dockerd.pooled());
            assertThat(berth.running()).isEqualTo(dockerd.running());
            assertThat(host.links()).doesNotContain(host.bridge + "bs").doesNotContain(host.bridge + "rp");
        } finally {
            host.cleanUp();
        }
    }
}
