package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Containers on networks through the real docker CLI, against a berthd with its own default
 * bridge, chain prefix and address range ({@link HostNetworkJanitor}). Traffic goes only to
 * 127.0.0.1, to the test's bridge addresses, and to containers and a network namespace this test
 * created. After each test every container is removed and nothing of theirs stays on the host
 * (veths on the bridges, port rules).
 */
class ContainerNetworkingIT {
    static final HostNetworkJanitor host = new HostNetworkJanitor();
    @RegisterExtension static final BerthDaemonExtension berth = new BerthDaemonExtension(b -> b.configJson(host.daemonJson()));

    @BeforeAll
    static void importBusybox() {
        Path tar = TestImages.busyboxRootfsTar(berth.daemon().scratch());
        berth.docker().ok("import", tar.toString(), "busybox:latest");
    }

    @AfterEach
    void removeContainersAndCheckTheHost() {
        ContainerCleanup.removeAll(berth.daemon());
        assertThat(HostNetworkJanitor.run("ip", "-br", "link", "show", "master", host.bridge)).isBlank();
        assertThat(host.iptablesSave()).doesNotContain(host.prefix + ":" + host.bridge + ":tcp/");
    }

    @AfterAll
    static void cleanUp() {
        host.cleanUp();
    }

    private static DockerCli docker() { return berth.docker(); }

    private static String run(String... args) {
        List<String> argv = new ArrayList<>(List.of("run", "--pull", "never"));
        argv.addAll(List.of(args));
        return docker().ok(argv.toArray(String[]::new)).stdout().strip();
    }

    /** busybox httpd serving a page the command writes itself. */
    private static String[] httpd(String page) {
        return new String[] {"busybox", "sh", "-c", "mkdir -p /www && echo " + page + " > /www/index.html && exec httpd -f -p 80 -h /www"};
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    private static String[] args(String[] before, String[] after) {
        List<String> all = new ArrayList<>(List.of(before));
        all.addAll(List.of(after));
        return all.toArray(String[]::new);
    }

    /** busybox httpd serving a host directory bind-mounted read-only at /www (the seeds' web server). */
    private static String[] httpdOf(java.nio.file.Path site) {
        return new String[] {"-v", site + ":/www:ro", "busybox", "httpd", "-f", "-p", "80", "-h", "/www"};
    }

    @Test
    void httpdOnAPublishedPortAnswersOnLoopbackAndAReplacementTakesThePortOver(@org.junit.jupiter.api.io.TempDir java.nio.file.Path site)
            throws Exception {
        int port = freePort();
        java.nio.file.Files.writeString(site.resolve("index.html"), "first\n");
        String id = run(args(new String[] {"-d", "--name", "web", "-p", port + ":80"}, httpdOf(site)));
        assertThat(httpGet(port)).contains("first");
        assertThat(docker().ok("port", "web").stdout().strip()).isEqualTo("80/tcp -> 0.0.0.0:" + port);
        assertThat(docker().ok("inspect", "web", "--format", "{{json .NetworkSettings.Ports}}").stdout().strip())
            .isEqualTo("{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"" + port + "\"}]}");
        assertThat(docker().ok("inspect", "web", "--format", "{{json .HostConfig.PortBindings}}").stdout().strip())
            .isEqualTo("{\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"" + port + "\"}]}");
        assertThat(docker().ok("ps", "--format", "{{.Ports}}").stdout().strip()).isEqualTo("0.0.0.0:" + port + "->80/tcp");
        String ip = docker().ok("inspect", "web", "--format", "{{.NetworkSettings.IPAddress}}").stdout().strip();
        assertThat(ip).startsWith("10." + host.second + ".");
        assertThat(docker().ok("inspect", "web", "--format",
            "{{.NetworkSettings.Networks.bridge.IPAddress}} {{.NetworkSettings.Networks.bridge.MacAddress}}").stdout().strip())
            .startsWith(ip + " 02:42:0a:");
        assertThat(host.iptablesSave()).contains(host.prefix + ":" + host.bridge + ":tcp/" + port);

        // a second container cannot have the port: a clear error, nothing half-configured
        var taken = docker().run(args(new String[] {"run", "--pull", "never", "-d", "--name", "web2", "-p", port + ":80"}, httpd("x")));
        assertThat(taken.exitCode()).isNotZero();
        assertThat(taken.stderr()).contains("port is already allocated");
        assertThat(HostNetworkJanitor.run("ip", "-br", "link", "show", "master", host.bridge).lines().count()).isEqualTo(1);

        docker().ok("rm", "-f", id);
        assertThat(host.iptablesSave()).doesNotContain(host.prefix + ":" + host.bridge + ":tcp/" + port);
        java.nio.file.Files.writeString(site.resolve("index.html"), "second\n");
        run(args(new String[] {"-d", "--name", "web3", "-p", port + ":80"}, httpdOf(site)));
        assertThat(httpGet(port)).contains("second");
        docker().ok("stop", "-t", "1", "web3");
        assertThat(host.iptablesSave()).doesNotContain(host.prefix + ":" + host.bridge + ":tcp/" + port);
        assertThat(docker().ok("inspect", "web3", "--format", "{{json .NetworkSettings.Ports}}|{{.NetworkSettings.IPAddress}}|")
            .stdout().strip()).isEqualTo("{}||");
        try (var s = new ServerSocket()) {
            s.bind(new InetSocketAddress("0.0.0.0", port)); // freed on stop
        }
    }

    @Test
    void aHostPortInUseIsAClearErrorAndNothingStays() throws Exception {
        try (var busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = busy.getLocalPort();
            var r = docker().run("run", "--pull", "never", "-d", "--name", "busy", "-p", "127.0.0.1:" + port + ":80", "busybox", "sleep", "60");
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.stderr()).contains("Bind for 127.0.0.1:" + port + " failed: port is already allocated");
            assertThat(host.iptablesSave()).doesNotContain(":tcp/" + port);
            assertThat(HostNetworkJanitor.run("ip", "-br", "link", "show", "master", host.bridge)).isBlank();
        }
    }

    @Test
    void publishAllRangesLoopbackBindingsAndHairpin() throws Exception {
        int low = freePort();
        run(args(new String[] {"-d", "--name", "all", "-P", "--expose", "81", "-p", "127.0.0.1::80/udp",
            "-p", "127.0.0.1:" + low + "-" + (low + 5) + ":80"}, httpd("ranged")));
        String ports = docker().ok("port", "all").stdout();
        assertThat(ports).contains("80/tcp -> 127.0.0.1:").contains("81/tcp -> 0.0.0.0:").contains("80/udp -> 127.0.0.1:");
        int bound = Integer.parseInt(docker().ok("port", "all", "80/tcp").stdout().strip().replaceAll(".*:", ""));
        assertThat(bound).isBetween(low, low + 5);
        assertThat(httpGet(bound)).contains("ranged");
        // hairpin: the container reaches its own published port through the host's bridge address
        String gateway = docker().ok("inspect", "all", "--format", "{{.NetworkSettings.Gateway}}").stdout().strip();
        int all = freePort();
        run(args(new String[] {"-d", "--name", "hairpin", "-p", all + ":80"}, httpd("self")));
        waitFor(() -> httpGet(all).contains("self"));
        assertThat(docker().ok("exec", "hairpin", "sh", "-c",
            "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 5 " + gateway + " " + all).stdout()).contains("self");
    }

    @Test
    void containersOnAUserDefinedNetworkReachEachOtherWithAliasesFixedAddressesAndConnect() throws Exception {
        String subnet = "10." + host.second + ".60.0/24";
        String net = docker().ok("network", "create", "--subnet", subnet, "-o", "com.docker.network.bridge.name=" + host.bridge + "u",
            "un").stdout().strip();
        host.ownLink(host.bridge + "u");
        try {
            String srv = run(args(new String[] {"-d", "--name", "srv", "--network", "un", "--network-alias", "db",
                "--ip", "10." + host.second + ".60.10", "--mac-address", "02:42:aa:bb:cc:01"}, httpd("on-un")));
            assertThat(docker().ok("inspect", "srv", "--format",
                "{{with index .NetworkSettings.Networks \"un\"}}{{.IPAddress}} {{.MacAddress}} {{json .Aliases}} {{.NetworkID}} {{json .IPAMConfig}}{{end}}")
                .stdout().strip()).isEqualTo("10." + host.second + ".60.10 02:42:aa:bb:cc:01 [\"db\",\"" + srv.substring(0, 12) + "\"] "
                    + net + " {\"IPv4Address\":\"10." + host.second + ".60.10\"}");
            assertThat(docker().ok("inspect", "srv", "--format", "{{.NetworkSettings.IPAddress}}").stdout().strip()).isEmpty();
            String out = run("--rm", "--network", "un", "busybox", "sh", "-c",
                "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 5 10." + host.second + ".60.10 80");
            assertThat(out).contains("on-un");
            assertThat(docker().ok("network", "inspect", "un", "--format", "{{range .Containers}}{{.Name}} {{end}}").stdout().strip())
                .isEqualTo("srv");

            // connect and disconnect a running container on the default bridge
            run("-d", "--name", "multi", "busybox", "sleep", "300");
            docker().ok("network", "connect", "--alias", "other", "un", "multi");
            assertThat(docker().ok("exec", "multi", "ip", "-4", "addr", "show", "eth1").stdout()).contains("10." + host.second + ".60.");
            assertThat(docker().ok("exec", "multi", "sh", "-c",
                "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 5 10." + host.second + ".60.10 80").stdout()).contains("on-un");
            docker().ok("network", "disconnect", "un", "multi");
            assertThat(docker().ok("exec", "multi", "ip", "link").stdout()).doesNotContain("eth1");
            // interfaces keep their names when an earlier one goes: the next connect takes the lowest free ethN
            docker().ok("network", "connect", "un", "multi");
            docker().ok("network", "disconnect", "bridge", "multi");
            docker().ok("network", "connect", "bridge", "multi");
            String links = docker().ok("exec", "multi", "ip", "-4", "-o", "addr").stdout();
            assertThat(links).contains("eth1    inet 10." + host.second + ".60.").containsPattern("eth0 +inet 10\\." + host.second + "\\.0\\.");

            // connect a created container: it joins both networks when it starts
            docker().ok("create", "--pull", "never", "--name", "later", "busybox", "ip", "-4", "addr");
            docker().ok("network", "connect", "un", "later");
            assertThat(docker().ok("start", "-a", "later").stdout()).contains("eth0").contains("eth1").contains("10." + host.second + ".60.");
            docker().ok("rm", "-f", "srv", "multi", "later");
            docker().ok("network", "rm", "un");
            assertThat(host.links()).doesNotContain(host.bridge + "u");
        } finally {
            ContainerCleanup.removeAll(berth.daemon());
            docker().run("network", "rm", "un");
        }
    }

    /**
     * The embedded DNS of a user-defined network: names, aliases (all of them), short IDs. The
     * network is internal, so nothing a container asks ever leaves for the host's resolvers.
     */
    @Test
    void containersOnAUserDefinedNetworkFindEachOtherByNameAndAlias() throws Exception {
        String subnet = "10." + host.second + ".61.0/24";
        docker().ok("network", "create", "--internal", "--subnet", subnet, "-o", "com.docker.network.bridge.name=" + host.bridge + "d", "dn");
        host.ownLink(host.bridge + "d");
        try {
            String web = run(args(new String[] {"-d", "--name", "web", "--network", "dn", "--network-alias", "app"}, httpd("by-name")));
            run(args(new String[] {"-d", "--name", "web2", "--network", "dn", "--network-alias", "app"}, httpd("by-name")));
            assertThat(docker().ok("exec", "web", "cat", "/etc/resolv.conf").stdout()).contains("nameserver 10." + host.second + ".61.1");
            String fetch = "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 5 %s 80";
            assertThat(run("--rm", "--network", "dn", "busybox", "sh", "-c", fetch.formatted("web"))).contains("by-name");
            assertThat(run("--rm", "--network", "dn", "busybox", "sh", "-c", fetch.formatted(web.substring(0, 12)))).contains("by-name");
            String both = run("--rm", "--network", "dn", "busybox", "nslookup", "app");
            assertThat(both.split("Address: 10\\.", -1)).as(both).hasSize(3); // one answer per container with the alias
        } finally {
            ContainerCleanup.removeAll(berth.daemon());
            docker().run("network", "rm", "dn");
        }
    }

    @Test
    void linksGiveHostsEntriesAndDockerdsVariables() {
        run("-d", "--name", "db", "-e", "SECRET=s3", "--expose", "5432", "busybox", "sleep", "300");
        String dbIp = docker().ok("inspect", "db", "--format", "{{.NetworkSettings.IPAddress}}").stdout().strip();
        String out = run("--rm", "--name", "app", "--link", "db:mydb", "--add-host", "extra.test:192.0.2.77",
            "--add-host", "gw:host-gateway", "-h", "apphost", "--dns", "192.0.2.53", "--dns-search", "example.test",
            "--dns-option", "ndots:2", "busybox", "sh", "-c", "env; cat /etc/hosts /etc/resolv.conf");
        assertThat(out).contains(
            "MYDB_PORT=tcp://" + dbIp + ":5432",
            "MYDB_PORT_5432_TCP=tcp://" + dbIp + ":5432",
            "MYDB_PORT_5432_TCP_ADDR=" + dbIp,
            "MYDB_PORT_5432_TCP_PORT=5432",
            "MYDB_PORT_5432_TCP_PROTO=tcp",
            "MYDB_NAME=/app/mydb",
            "MYDB_ENV_SECRET=s3",
            dbIp + "\tmydb db",
            "192.0.2.77\textra.test",
            "\tapphost\n",
            "search example.test\nnameserver 192.0.2.53\noptions ndots:2");
        String gateway = docker().ok("network", "inspect", "bridge", "--format", "{{(index .IPAM.Config 0).Gateway}}").stdout().strip();
        assertThat(out).contains(gateway + "\tgw");
        var stopped = docker().run("run", "--pull", "never", "--rm", "--link", "nosuch:x", "busybox", "true");
        assertThat(stopped.exitCode()).isNotZero();
        assertThat(stopped.stderr()).contains("could not get container for nosuch");
    }

    @Test
    void noneHasOnlyLoopbackHostSeesTheHostAndContainerSharesANamespace() {
        assertThat(run("--rm", "--network", "none", "busybox", "ip", "-o", "link").lines().toList())
            .hasSize(1).allMatch(l -> l.contains(": lo:"));
        String hostLinks = run("--rm", "--network", "host", "busybox", "ip", "-o", "link");
        assertThat(hostLinks).contains(host.bridge);
        run("-d", "--name", "pod", "busybox", "sleep", "300");
        String podAddr = docker().ok("exec", "pod", "ip", "-4", "-o", "addr", "show", "eth0").stdout();
        String shared = run("--rm", "--network", "container:pod", "busybox", "ip", "-4", "-o", "addr", "show", "eth0");
        assertThat(shared.strip()).isEqualTo(podAddr.strip());
        assertThat(docker().ok("inspect", "pod", "--format", "{{json .NetworkSettings.Networks.bridge.Aliases}}").stdout().strip())
            .isEqualTo("null");
    }

    /**
     * An ambassador: a proxy container publishes a port and forwards each connection to a server
     * that runs in a network namespace this test made and plugged into a user-defined network
     * (on an address IPAM keeps free with --aux-address).
     */
    @Test
    void anAmbassadorForwardsToAServerInANamespaceTheTestMade() throws Exception {
        String ns = "bt" + host.suffix + "ns";
        String hostEnd = "bt" + host.suffix + "h";
        String bridge = host.bridge + "a";
        String serverIp = "10." + host.second + ".70.200";
        Path www = Files.createTempDirectory("berth-amb");
        Files.writeString(www.resolve("index.html"), "behind-the-ambassador\n");
        Process server = null;
        host.ownLink(hostEnd);
        host.ownLink(bridge);
        try {
            docker().ok("network", "create", "--subnet", "10." + host.second + ".70.0/24", "--ip-range", "10." + host.second + ".70.0/25",
                "--aux-address", "server=" + serverIp, "-o", "com.docker.network.bridge.name=" + bridge, "amb");
            sh("ip", "netns", "add", ns);
            sh("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", "srv0", "netns", ns);
            sh("ip", "link", "set", hostEnd, "master", bridge, "up");
            sh("ip", "netns", "exec", ns, "ip", "addr", "add", serverIp + "/24", "dev", "srv0");
            sh("ip", "netns", "exec", ns, "ip", "link", "set", "srv0", "up");
            sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
            server = new ProcessBuilder("ip", "netns", "exec", ns, TestImages.busybox().toString(), "httpd", "-f", "-p", "8000",
                "-h", www.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            int port = freePort();
            run("-d", "--name", "ambassador", "--network", "amb", "-p", port + ":80", "busybox",
                "nc", "-ll", "-p", "80", "-e", "nc", serverIp, "8000");
            assertThat(httpGet(port)).contains("behind-the-ambassador");
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor();
            }
            ContainerCleanup.removeAll(berth.daemon());
            docker().run("network", "rm", "amb");
            HostNetworkJanitor.run("ip", "link", "del", hostEnd);
            HostNetworkJanitor.run("ip", "netns", "del", ns);
            Files.deleteIfExists(www.resolve("index.html"));
            Files.deleteIfExists(www);
        }
        assertThat(host.links()).doesNotContain(bridge).doesNotContain(hostEnd);
    }

    @Test
    void runningContainersKeepTheirNetworkingAcrossADaemonRestart() throws Exception {
        var own = new HostNetworkJanitor();
        BerthDaemonProcess daemon = BerthDaemonProcess.builder().configJson(own.daemonJson()).start();
        try {
            var docker = daemon.docker();
            docker.ok("import", TestImages.busyboxRootfsTar(daemon.scratch()).toString(), "busybox:latest");
            int port = freePort();
            List<String> argv = new ArrayList<>(List.of("run", "--pull", "never", "-d", "--name", "kept", "-p", port + ":80"));
            argv.addAll(List.of(httpd("kept")));
            docker.ok(argv.toArray(String[]::new));
            assertThat(httpGet(port)).contains("kept");
            daemon.stop();
            assertThat(httpGet(port)).contains("kept"); // live-restore: the rules stay while the container runs
            try (var again = BerthDaemonProcess.builder().dataRoot(daemon.dataRoot()).execRoot(daemon.execRoot())
                    .configJson(own.daemonJson()).start()) {
                assertThat(again.docker().ok("port", "kept").stdout().strip()).isEqualTo("80/tcp -> 0.0.0.0:" + port);
                assertThat(httpGet(port)).contains("kept");
                again.docker().ok("rm", "-f", "kept");
                assertThat(own.iptablesSave()).doesNotContain(":tcp/" + port);
                assertThat(HostNetworkJanitor.run("ip", "-br", "link", "show", "master", own.bridge)).isBlank();
                again.stop();
            }
            assertThat(own.links()).doesNotContain(own.bridge);
            assertThat(own.iptablesSave()).doesNotContain(own.prefix);
        } finally {
            ContainerCleanup.removeAll(daemon);
            daemon.close();
            own.cleanUp();
        }
    }

    // --- helpers --------------------------------------------------------------------------------

    private static void sh(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new AssertionError(String.join(" ", argv) + " failed: " + out);
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** GET / on 127.0.0.1:port, retried for a few seconds while the server comes up. */
    private static String httpGet(int port) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                out.write("GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (response.startsWith("HTTP/1.")) return response;
                last = new IOException("unexpected response: " + response);
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("nothing answered on 127.0.0.1:" + port, last);
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check check) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (!check.ok()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("condition not met in time");
            Thread.sleep(200);
        }
    }
}
