package dev.berth.it;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The image life cycle against berthd. */
class BerthImageFlowIT extends ImageFlowContract {
    @RegisterExtension static BerthDaemonExtension berth = new BerthDaemonExtension();

    @Override protected DockerCli docker() { return berth.docker(); }
}
