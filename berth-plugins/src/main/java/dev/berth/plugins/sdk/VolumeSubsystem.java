package dev.berth.plugins.sdk;

import dev.berth.plugins.protocol.PluginProtocol;
import dev.berth.plugins.protocol.VolumeRequest;
import dev.berth.plugins.protocol.VolumeResponse;
import dev.berth.plugins.protocol.WireVolume;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** {@code /VolumeDriver.*} for a {@link VolumePlugin}. */
final class VolumeSubsystem implements Subsystem {
    private final VolumePlugin plugin;

    VolumeSubsystem(VolumePlugin plugin) {
        this.plugin = plugin;
    }

    @Override public String name() { return PluginProtocol.VOLUME_DRIVER; }

    @Override
    public Object handle(String method, byte[] body) {
        VolumeRequest r = Bodies.decode(body, VolumeRequest.class);
        return switch (method) {
            case "Create" -> {
                plugin.create(r.name(), r.opts() == null ? Map.of() : r.opts());
                yield VolumeResponse.empty();
            }
            case "Remove" -> {
                plugin.remove(r.name());
                yield VolumeResponse.empty();
            }
            case "Mount" -> new VolumeResponse(plugin.mount(r.name(), r.id()), null, null, null, null, null);
            case "Unmount" -> {
                plugin.unmount(r.name(), r.id());
                yield VolumeResponse.empty();
            }
            case "Path" -> new VolumeResponse(plugin.path(r.name()), null, null, null, null, null);
            case "Get" -> new VolumeResponse(null, wire(plugin.get(r.name())), null, null, null, null);
            case "List" -> new VolumeResponse(null, null, plugin.list().stream().map(VolumeSubsystem::wire).toList(), null, null, null);
            case "Capabilities" -> new VolumeResponse(null, null, null, new VolumeResponse.Capabilities(plugin.scope()), null, null);
            default -> throw new UnknownMethod("/" + name() + "." + method);
        };
    }

    private static WireVolume wire(VolumePlugin.Info v) {
        String created = v.createdAt() == null ? null
            : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(v.createdAt().atOffset(ZoneOffset.UTC));
        return new WireVolume(v.name(), v.mountpoint(), created, v.status());
    }
}
