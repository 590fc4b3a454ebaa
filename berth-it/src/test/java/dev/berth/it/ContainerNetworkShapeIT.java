package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A container's {@code NetworkSettings} on a user-defined network, created, running (with an
 * alias, an exposed port and a port published on 127.0.0.1) and stopped, compared between Berth
 * and the reference dockerd 20.10 after masking what differs by nature (ids, addresses, ports).
 * dockerd runs without iptables (its userland proxy publishes on loopback); each engine gets its
 * own bridge name and subnet, removed at the end.
 */
class ContainerNetworkShapeIT {

    private record Shapes(String created, String running, String stopped, String ps) {}

    private static Shapes shapes(DockerCli docker, String bridge, String subnetPrefix) throws Exception {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        docker.ok("network", "create", "--subnet", subnetPrefix + ".0/24", "-o", "com.docker.network.bridge.name=" + bridge, "shape");
        try {
            docker.ok("create", "--pull", "never", "--name", "c1", "--network", "shape", "busybox", "sleep", "300");
            String created = docker.ok("inspect", "c1", "--format", "{{json .NetworkSettings}}").stdout().strip();
            docker.ok("run", "--pull", "never", "-d", "--name", "r1", "--network", "shape", "--network-alias", "db", "--expose", "90",
                "-p", "127.0.0.1:" + port + ":80", "busybox", "sleep", "300");
            String running = docker.ok("inspect", "r1", "--format", "{{json .NetworkSettings}}").stdout().strip();
            String ps = docker.ok("ps", "--filter", "name=r1", "--format", "{{.Ports}} {{.Networks}}").stdout().strip();
            docker.ok("stop", "-t", "0", "r1");
            String stopped = docker.ok("inspect", "r1", "--format", "{{json .NetworkSettings.Ports}} {{json .NetworkSettings.Networks}}")
                .stdout().strip();
            Function<String, String> mask = s -> s.replace(subnetPrefix + ".", "SUBNET.").replace(Integer.toString(port), "PORT")
                .replaceAll("[0-9a-f]{64}", "ID").replaceAll("\"[0-9a-f]{12}\"", "\"SHORT\"")
                .replaceAll("02:42(:[0-9a-f]{2}){4}", "MAC").replaceAll("\"SandboxKey\":\"[^\"]+\"", "\"SandboxKey\":\"KEY\"");
            return new Shapes(mask.apply(created), mask.apply(running), mask.apply(stopped), mask.apply(ps));
        } finally {
            docker.run("rm", "-f", "c1", "r1");
            docker.run("network", "rm", "shape");
        }
    }

    @Test
    void networkSettingsAreShapedAsDockerdShapesThem() throws Exception {
        var host = new HostNetworkJanitor();
        host.ownLink(host.bridge + "b");
        host.ownLink(host.bridge + "r");
        try {
            Shapes berth;
            try (var daemon = BerthDaemonProcess.builder().configJson(host.daemonJson()).start()) {
                daemon.docker().ok("import", TestImages.busyboxRootfsTar(daemon.scratch()).toString(), "busybox:latest");
                try {
                    berth = shapes(daemon.docker(), host.bridge + "b", "10." + host.second + ".90");
                } finally {
                    ContainerCleanup.removeAll(daemon);
                }
            }
            Shapes dockerd;
            try (var ref = ReferenceDockerd.start()) {
                ref.docker().ok("import", TestImages.busyboxRootfsTar(ref.scratch()).toString(), "busybox:latest");
                dockerd = shapes(ref.docker(), host.bridge + "r", "10." + host.second + ".91");
            }
            assertThat(dockerd.running()).contains("\"IPAddress\":\"SUBNET.2\"", "\"Aliases\":[\"db\",\"SHORT\"]",
                "\"Ports\":{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"PORT\"}],\"90/tcp\":null}");
            assertThat(berth.created()).isEqualTo(dockerd.created());
            assertThat(berth.running()).isEqualTo(dockerd.running());
            assertThat(berth.stopped()).isEqualTo(dockerd.stopped());
            assertThat(berth.ps()).isEqualTo(dockerd.ps());
            assertThat(host.links()).doesNotContain(host.bridge + "b").doesNotContain(host.bridge + "r");
        } finally {
            host.cleanUp();
        }
    }
}
