package dev.berth.plugins.testplugin;

import dev.berth.plugins.sdk.PluginServer;
import java.nio.file.Path;

/**
 * {@code java -cp … dev.berth.plugins.testplugin.Main --socket /run/docker/plugins/x.sock --root /tmp/x}:
 * serves a {@link DirectoryVolumePlugin} until SIGTERM, then removes its socket. Prints
 * {@code listening on <socket>} once it accepts calls, for tests to wait on.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        Path socket = null;
        Path root = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--socket" -> socket = Path.of(args[i + 1]);
                case "--root" -> root = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        if (socket == null || root == null) {
            System.err.println("usage: Main --socket PATH --root DIR");
            System.exit(2);
        }
        PluginServer server = PluginServer.serve(socket, new DirectoryVolumePlugin(root));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("listening on " + socket);
        System.out.flush();
        server.await();
    }
}
