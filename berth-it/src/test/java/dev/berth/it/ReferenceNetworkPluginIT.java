package dev.berth.it;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The network plugin contract against Debian's dockerd 20.10: the same SDK-built plugin binaries
 * Berth uses, driven by Docker's own libnetwork. dockerd only looks in /run/docker/plugins, so the
 * sockets go there under unique names and are removed afterwards.
 */
class ReferenceNetworkPluginIT extends NetworkPluginContract {
    @RegisterExtension static final ReferenceDockerdExtension dockerd = new ReferenceDockerdExtension();

    @Override protected DockerCli docker() { return dockerd.docker(); }

    @Override protected Path pluginDir() { return Path.of("/run/docker/plugins"); }
}
