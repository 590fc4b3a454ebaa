package dev.berth.api.routes;

import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.HttpResponder;
import dev.berth.api.http.Json;
import dev.berth.api.http.Router;
import dev.berth.api.mappers.FiltersMapper;
import dev.berth.api.mappers.NetworkMapper;
import dev.berth.api.types.NetworkConnectRequest;
import dev.berth.api.types.NetworkCreateRequest;
import dev.berth.api.types.NetworkCreateResponse;
import dev.berth.api.types.NetworkDisconnectRequest;
import dev.berth.api.types.NetworkPruneResponse;
import dev.berth.common.error.BerthException;
import dev.berth.core.network.NetworkService;
import io.netty.handler.codec.http.HttpResponseStatus;

/** The {@code /networks/…} routes. */
final class NetworkRoutes {
    private final NetworkService networks;

    NetworkRoutes(NetworkService networks) {
        this.networks = networks;
    }

    void register(Router r) {
        r.get("/networks", this::list);
        r.get("/networks/json", this::list);
        r.post("/networks/create", this::create);
        r.post("/networks/prune", this::prune);
        r.get("/networks/{id}", this::inspect);
        r.delete("/networks/{id}", this::remove);
        r.post("/networks/{id}/connect", this::connect);
        r.post("/networks/{id}/disconnect", this::disconnect);
    }

    private void list(ApiRequest req, HttpResponder res) {
        var filters = FiltersMapper.parse(req.query("filters"));
        Json.ok(res, networks.list(filters).stream().map(NetworkMapper::resource).toList());
    }

    private void inspect(ApiRequest req, HttpResponder res) {
        String scope = req.query("scope");
        if (scope != null && !scope.isEmpty() && !scope.equals("local")) {
            throw new BerthException.NotFound("network " + req.pathParam("id") + " not found");
        }
        Json.ok(res, NetworkMapper.resource(networks.inspect(req.pathParam("id"))));
    }

    private void create(ApiRequest req, HttpResponder res) {
        var created = networks.create(NetworkMapper.create(Json.read(req.body(), NetworkCreateRequest.class)));
        Json.send(res, HttpResponseStatus.CREATED, new NetworkCreateResponse(created.network().id(), created.warning()));
    }

    private void remove(ApiRequest req, HttpResponder res) {
        networks.remove(req.pathParam("id"));
        res.send(HttpResponseStatus.NO_CONTENT, null, new byte[0], null);
    }

    private void prune(ApiRequest req, HttpResponder res) {
        var removed = networks.prune(FiltersMapper.parse(req.query("filters")));
        Json.ok(res, new NetworkPruneResponse(removed.isEmpty() ? null : removed));
    }

    private void connect(ApiRequest req, HttpResponder res) {
        var body = Json.read(req.body(), NetworkConnectRequest.class);
        if (body == null || body.container() == null || body.container().isEmpty()) {
            throw new BerthException.InvalidArgument("no container given to connect");
        }
        networks.connect(req.pathParam("id"), body.container(), NetworkMapper.connect(req.pathParam("id"), body));
        res.send(HttpResponseStatus.OK, null, new byte[0], null);
    }

    private void disconnect(ApiRequest req, HttpResponder res) {
        var body = Json.read(req.body(), NetworkDisconnectRequest.class);
        if (body == null || body.container() == null || body.container().isEmpty()) {
            throw new BerthException.InvalidArgument("no container given to disconnect");
        }
        networks.disconnect(req.pathParam("id"), body.container(), body.force());
        res.send(HttpResponseStatus.OK, null, new byte[0], null);
    }
}
