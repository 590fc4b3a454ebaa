package dev.berth.network;

import dev.berth.core.network.NetworkDriver;
import dev.berth.core.network.NetworkSandboxes;
import dev.berth.testkit.NetworkDriverContract;
import java.util.List;
import java.util.Map;

/** The bridge driver against the contract that network plugins run too (without iptables: not the subject here). */
class BridgeDriverContractTest extends NetworkDriverContract {
    private final IpRoute2 ip = new IpRoute2(runner);
    private final BridgeDriver driver = new BridgeDriver(ip, null, new PortPublisher(null), new BridgeDriver.Settings(false, 1500));

    @Override protected NetworkDriver driver() { return driver; }

    @Override protected NetworkSandboxes sandboxes() { return new IpSandboxes(ip); }

    @Override protected Map<String, String> networkOptions() { return Map.of(BridgeDriver.OPT_NAME, "bc" + suffix); }

    @Override protected void cleanUpHost() { runner.run(List.of("ip", "link", "del", "dev", "bc" + suffix), T); }
}
