package dev.berth.plugins.testipam;

import dev.berth.core.network.Ipv4Cidr;
import dev.berth.plugins.sdk.PluginServer;
import dev.berth.plugins.sdk.Subsystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -cp … dev.berth.plugins.testipam.Main --socket /run/docker/plugins/x.sock --pool 10.77.0.0/24 …}:
 * serves a {@link PoolIpamPlugin} until SIGTERM, then removes its socket. Prints
 * {@code listening on <socket>} once it accepts calls, for tests to wait on.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        Path socket = null;
        List<Ipv4Cidr> pools = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--socket" -> socket = Path.of(args[i + 1]);
                case "--pool" -> pools.add(Ipv4Cidr.parse(args[i + 1]));
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        if (socket == null || pools.isEmpty()) {
            System.err.println("usage: Main --socket PATH --pool CIDR [--pool CIDR …]");
            System.exit(2);
        }
        PluginServer server = PluginServer.serve(socket, Subsystem.ipam(new PoolIpamPlugin(pools)));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("listening on " + socket);
        System.out.flush();
        server.await();
    }
}
