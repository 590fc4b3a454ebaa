package dev.berth.api.routes;

import dev.berth.api.ApiServices;
import dev.berth.api.http.Router;

/** Every route of the Engine API that Berth serves, in one table. */
public final class ApiRoutes {
    private ApiRoutes() {}

    public static Router all(ApiServices services) {
        Router router = new Router();
        new SystemRoutes(services.system(), services.images(), services.volumes()).register(router);
        new EventRoutes(services.events()).register(router);
        new ImageRoutes(services.images()).register(router);
        new ContainerRoutes(services.containers(), services.images(), services.runtimeName(), services.filesystem())
            .register(router);
        if (services.filesystem() != null) {
            new ArchiveRoutes(services.filesystem()).register(router);
            new CommitRoutes(services.filesystem()).register(router);
        }
        new NetworkRoutes(services.networks()).register(router);
        new VolumeRoutes(services.volumes()).register(router);
        if (services.execs() != null) new ExecRoutes(services.execs()).register(router);
        if (services.stats() != null) new StatsRoutes(services.stats()).register(router);
        if (services.builds() != null) new BuildRoutes(services.builds()).register(router);
        return router;
    }
}
