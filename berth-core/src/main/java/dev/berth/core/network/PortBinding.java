package dev.berth.core.network;

import dev.berth.common.error.BerthException;

/**
 * One {@code -p} mapping. {@code hostIp} null or empty means every address; {@code hostPort} 0
 * means "pick an ephemeral port"; {@code hostPortEnd > hostPort} is a range of which one free port
 * is taken (docker's {@code -p 8000-8010:80}).
 */
public record PortBinding(String protocol, int containerPort, String hostIp, int hostPort, int hostPortEnd) {
    public PortBinding {
        protocol = protocol == null || protocol.isEmpty() ? "tcp" : protocol;
        if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
            throw new BerthException.InvalidArgument("invalid proto: " + protocol);
        }
        if (containerPort < 1 || containerPort > 65535) throw new BerthException.InvalidArgument("invalid containerPort: " + containerPort);
        if (hostPort < 0 || hostPort > 65535) throw new BerthException.InvalidArgument("invalid hostPort: " + hostPort);
        if (hostPortEnd < hostPort) hostPortEnd = hostPort;
        if (hostPortEnd > 65535) throw new BerthException.InvalidArgument("invalid hostPort: " + hostPortEnd);
        if (hostIp == null) hostIp = "";
    }

    public static PortBinding of(String protocol, int containerPort, String hostIp, int hostPort) {
        return new PortBinding(protocol, containerPort, hostIp, hostPort, hostPort);
    }

    public boolean anyAddress() { return hostIp.isEmpty() || hostIp.equals("0.0.0.0"); }

    /** The same binding fixed to one host port (what was actually published). */
    public PortBinding at(int port) { return new PortBinding(protocol, containerPort, hostIp, port, port); }
}
