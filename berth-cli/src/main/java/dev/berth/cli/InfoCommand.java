package dev.berth.cli;

import dev.berth.api.types.InfoResponse;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code berth info}: what the engine reports about itself and its host. */
@Command(name = "info", description = "Show engine-wide information")
final class InfoCommand implements Callable<Integer> {
    @ParentCommand Main parent;

    @Override
    public Integer call() {
        PrintWriter out = parent.spec.commandLine().getOut();
        InfoResponse i = parent.client().info();
        out.printf("Server Version:   %s%n", i.serverVersion());
        out.printf("Containers:       %d (running %d, paused %d, stopped %d)%n",
            i.containers(), i.containersRunning(), i.containersPaused(), i.containersStopped());
        out.printf("Images:           %d%n", i.images());
        out.printf("Storage Driver:   %s%n", i.driver());
        if (i.driverStatus() != null) {
            for (var pair : i.driverStatus()) if (pair.size() == 2) out.printf("  %s: %s%n", pair.get(0), pair.get(1));
        }
        out.printf("Cgroup Driver:    %s%n", i.cgroupDriver());
        out.printf("Cgroup Version:   %s%n", i.cgroupVersion());
        out.printf("Default Runtime:  %s%n", i.defaultRuntime());
        out.printf("Kernel Version:   %s%n", i.kernelVersion());
        out.printf("Operating System: %s%n", i.operatingSystem());
        out.printf("Architecture:     %s%n", i.architecture());
        out.printf("CPUs:             %d%n", i.ncpu());
        out.printf("Total Memory:     %.2fGiB%n", i.memTotal() / (1024.0 * 1024 * 1024));
        out.printf("Name:             %s%n", i.name());
        out.printf("ID:               %s%n", i.id());
        out.printf("Data Root:        %s%n", i.dockerRootDir());
        out.printf("Debug Mode:       %s%n", i.debug());
        return 0;
    }
}
