package dev.berth.plugins.testnet;

import dev.berth.common.process.HostCommandRunner;
import dev.berth.plugins.sdk.PluginServer;
import dev.berth.plugins.sdk.Subsystem;
import java.nio.file.Path;

/**
 * {@code java -cp … dev.berth.plugins.testnet.Main --socket /run/docker/plugins/x.sock}: serves a
 * {@link BridgeNetworkPlugin} until SIGTERM, then removes its socket. Prints
 * {@code listening on <socket>} once it accepts calls, for tests to wait on.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        Path socket = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].equals("--socket")) throw new IllegalArgumentException("unknown flag " + args[i]);
            socket = Path.of(args[i + 1]);
        }
        if (socket == null) {
            System.err.println("usage: Main --socket PATH");
            System.exit(2);
        }
        PluginServer server = PluginServer.serve(socket, Subsystem.network(new BridgeNetworkPlugin(new HostCommandRunner())));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("listening on " + socket);
        System.out.flush();
        server.await();
    }
}
