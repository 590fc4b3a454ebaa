package dev.berth.core.network;

/**
 * What the network service needs from the container service for {@code docker network connect /
 * disconnect}: the container service implements it and hands it to the network service once both
 * exist (they depend on each other, so it is set after construction).
 */
public interface ContainerNetworking {

    /** Resolves the container and connects it: the container service calls back into {@link NetworkService#attach}. */
    void connect(String container, NetworkService.NetworkSettingsRequest settings);

    void disconnect(String container, String network, boolean force);

    ContainerNetworking NOT_WIRED = new ContainerNetworking() {
        @Override public void connect(String container, NetworkService.NetworkSettingsRequest settings) {
            throw notYet();
        }

        @Override public void disconnect(String container, String network, boolean force) {
            throw notYet();
        }

        private dev.berth.common.error.BerthException notYet() {
            return new dev.berth.common.error.BerthException.NotImplemented(
                "container networking arrives with the container service");
        }
    };
}
