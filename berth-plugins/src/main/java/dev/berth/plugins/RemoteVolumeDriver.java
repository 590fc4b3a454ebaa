package dev.berth.plugins;

import dev.berth.common.error.BerthException;
import dev.berth.core.volume.Volume;
import dev.berth.core.volume.VolumeDriver;
import dev.berth.plugins.protocol.PluginProtocol;
import dev.berth.plugins.protocol.VolumeRequest;
import dev.berth.plugins.protocol.VolumeResponse;
import dev.berth.plugins.protocol.WireVolume;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link VolumeDriver} served by a plugin over Docker's {@code /VolumeDriver.*} protocol. The
 * plugin must have been activated ({@link PluginClient#activate}); calls are not retried once they
 * reached it. Errors follow {@link PluginClient}: they name the plugin and the call.
 */
public final class RemoteVolumeDriver implements VolumeDriver {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteVolumeDriver.class);

    private final PluginClient client;
    private volatile Volume.Scope scope;

    public RemoteVolumeDriver(PluginClient client) {
        this.client = client;
    }

    @Override public String name() { return client.name(); }

    @Override
    public DriverVolume create(String name, Map<String, String> opts) {
        longCall("VolumeDriver.Create", new VolumeRequest(name, opts, null));
        return new DriverVolume(name, "", null, Map.of());
    }

    @Override
    public void remove(String name) {
        longCall("VolumeDriver.Remove", VolumeRequest.named(name));
    }

    @Override
    public String mount(String name, String callerId) {
        String path = longCall("VolumeDriver.Mount", new VolumeRequest(name, null, callerId)).mountpoint();
        if (path == null || path.isEmpty()) throw client.failure("VolumeDriver.Mount", "no mountpoint returned for " + name);
        return path;
    }

    @Override
    public void unmount(String name, String callerId) {
        longCall("VolumeDriver.Unmount", new VolumeRequest(name, null, callerId));
    }

    @Override
    public String path(String name) {
        String path = shortCall("VolumeDriver.Path", VolumeRequest.named(name)).mountpoint();
        return path == null ? "" : path;
    }

    @Override
    public DriverVolume get(String name) {
        VolumeResponse r = shortCall("VolumeDriver.Get", VolumeRequest.named(name));
        if (r.volume() == null) throw new BerthException.NotFound("plugin \"" + name() + "\": VolumeDriver.Get: no such volume");
        return domain(r.volume());
    }

    @Override
    public List<DriverVolume> list() {
        VolumeResponse r = shortCall("VolumeDriver.List", null);
        List<DriverVolume> out = new ArrayList<>();
        if (r.volumes() != null) for (WireVolume v : r.volumes()) out.add(domain(v));
        return out;
    }

    /** Asked once; a plugin without Capabilities (or failing it) is local-scoped, as in dockerd. */
    @Override
    public Volume.Scope scope() {
        Volume.Scope s = scope;
        if (s != null) return s;
        try {
            VolumeResponse r = shortCall("VolumeDriver.Capabilities", null);
            s = r.capabilities() == null ? Volume.Scope.LOCAL : Volume.Scope.parse(r.capabilities().scope());
        } catch (BerthException e) {
            LOG.debug("volume plugin {} gives no capabilities ({}), assuming local scope", name(), e.getMessage());
            s = Volume.Scope.LOCAL;
        }
        scope = s;
        return s;
    }

    /** A 200 reply may still carry an error ({@code {"Err": "..."}}): {@link PluginClient#callChecked} raises it. */
    private VolumeResponse longCall(String method, VolumeRequest request) {
        return client.callChecked(method, request, VolumeResponse.class, VolumeResponse::errorText, client.timeouts().longCall());
    }

    private VolumeResponse shortCall(String method, VolumeRequest request) {
        return client.callChecked(method, request == null ? Map.of() : request, VolumeResponse.class, VolumeResponse::errorText,
            client.timeouts().shortCall());
    }

    private static DriverVolume domain(WireVolume v) {
        Map<String, String> status = new TreeMap<>();
        if (v.status() != null) {
            v.status().forEach((k, value) -> status.put(k, value instanceof String s ? s : json(value)));
        }
        return new DriverVolume(v.name(), v.mountpoint(), instant(v.createdAt()), status);
    }

    private static String json(Object value) {
        try {
            return PluginProtocol.JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    private static Instant instant(String text) {
        if (text == null || text.isEmpty()) return null;
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null; // a plugin's odd timestamp must not make the volume unusable
        }
    }
}
