package dev.berth.cli;

import dev.berth.api.types.VersionResponse;
import dev.berth.client.EngineClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code berth version}: the client's and the engine's versions. */
@Command(name = "version", description = "Show the client and engine versions")
final class VersionCommand implements Callable<Integer> {
    @ParentCommand Main parent;

    @Override
    public Integer call() {
        PrintWriter out = parent.spec.commandLine().getOut();
        out.println("Client:");
        out.printf(" API version:  %s%n", EngineClient.CLIENT_API_VERSION);
        out.printf(" Java version: %s%n", Runtime.version());
        EngineClient client = parent.client();
        VersionResponse v = client.version();
        out.println();
        out.printf("Server: %s%n", v.platform() != null && v.platform().name() != null ? v.platform().name() : "");
        out.printf(" Version:      %s%n", v.version());
        out.printf(" API version:  %s (minimum version %s, talking %s)%n", v.apiVersion(), v.minApiVersion(), client.apiVersion());
        out.printf(" Runtime:      %s%n", v.goVersion());
        out.printf(" Git commit:   %s%n", v.gitCommit());
        out.printf(" Built:        %s%n", v.buildTime());
        out.printf(" OS/Arch:      %s/%s%n", v.os(), v.arch());
        out.printf(" Kernel:       %s%n", v.kernelVersion());
        return 0;
    }
}
