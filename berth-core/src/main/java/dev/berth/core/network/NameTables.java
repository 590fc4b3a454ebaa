package dev.berth.core.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names of every network's containers, rebuilt from the network at each change and read by
 * DNS servers without taking the network service's lock (a query must not wait behind a plugin
 * call of up to two minutes). One immutable table per network, swapped whole.
 */
final class NameTables implements NetworkNames {
    /** Short container ids, as docker shows them and adds to the network's DNS names. */
    static final int SHORT_ID = 12;

    /**
     * One network: addresses by name, names by address, which container has which address (to
     * know who is asking) and the {@code --dns} servers of each address that has some.
     */
    private record Table(String networkName, Map<String, List<String>> addresses, Map<String, String> names,
                         Map<String, String> containers, Map<String, List<String>> dnsServers) {

        List<String> lookup(String name) {
            String key = normalise(name);
            List<String> found = addresses.get(key);
            if (found != null) return found;
            String suffix = "." + networkName;
            if (key.endsWith(suffix)) {
                found = addresses.get(key.substring(0, key.length() - suffix.length()));
                if (found != null) return found;
            }
            return List.of();
        }
    }

    private final Map<String, Table> tables = new ConcurrentHashMap<>();

    void update(Network n) {
        Map<String, List<String>> addresses = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        Map<String, String> containers = new HashMap<>();
        Map<String, List<String>> dnsServers = new HashMap<>();
        for (Endpoint e : n.endpoints()) {
            if (e.address() == null) continue;
            String address = e.address().addressText();
            if (e.containerId() != null) containers.put(address, e.containerId());
            if (!e.dnsServers().isEmpty()) dnsServers.put(address, e.dnsServers());
            String containerName = stripSlash(e.containerName());
            List<String> keys = new ArrayList<>();
            if (containerName != null && !containerName.isEmpty()) keys.add(containerName);
            keys.addAll(e.aliases());
            if (e.containerId() != null) keys.add(e.containerId().substring(0, Math.min(SHORT_ID, e.containerId().length())));
            for (String key : keys) {
                List<String> list = addresses.computeIfAbsent(normalise(key), k -> new ArrayList<>());
                if (!list.contains(address)) list.add(address);
            }
            if (containerName != null && !containerName.isEmpty()) names.put(address, containerName + "." + n.name());
        }
        Map<String, List<String>> frozen = new HashMap<>();
        addresses.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        tables.put(n.id(), new Table(normalise(n.name()), Map.copyOf(frozen), Map.copyOf(names), Map.copyOf(containers),
            Map.copyOf(dnsServers)));
    }

    void remove(String networkId) {
        tables.remove(networkId);
    }

    @Override
    public List<String> addressesOf(String networkId, String clientAddress, String name) {
        Table home = tables.get(networkId);
        if (home == null || name == null) return List.of();
        List<String> found = home.lookup(name);
        if (!found.isEmpty()) return found;
        for (Table other : otherNetworksOf(home, clientAddress)) {
            found = other.lookup(name);
            if (!found.isEmpty()) return found;
        }
        return List.of();
    }

    @Override
    public String nameOf(String networkId, String clientAddress, String address) {
        Table home = tables.get(networkId);
        if (home == null) return null;
        String found = home.names.get(address);
        if (found != null) return found;
        for (Table other : otherNetworksOf(home, clientAddress)) {
            found = other.names.get(address);
            if (found != null) return found;
        }
        return null;
    }

    @Override
    public List<String> dnsServersOf(String networkId, String clientAddress) {
        Table home = tables.get(networkId);
        return home == null || clientAddress == null ? List.of() : home.dnsServers.getOrDefault(clientAddress, List.of());
    }

    /** The other networks the asking container is on; none when the client is no container of {@code home}. */
    private List<Table> otherNetworksOf(Table home, String clientAddress) {
        String container = clientAddress == null ? null : home.containers.get(clientAddress);
        if (container == null) return List.of();
        return tables.values().stream().filter(t -> t != home && t.containers.containsValue(container)).toList();
    }

    /** DNS names compare without case and without the root's trailing dot. */
    static String normalise(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static String stripSlash(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : name;
    }
}
