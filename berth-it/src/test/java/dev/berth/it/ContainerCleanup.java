package dev.berth.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Removes every container a test daemon ran, even when the test failed half-way: {@code docker rm -f}
 * through the daemon, then as a safety net {@code runc delete --force} on whatever runc still knows
 * under the daemon's exec root, and conmon processes of that exec root killed by pid. runc's delete
 * removes the cgroups; {@link BerthDaemonProcess#close()} unmounts what is left below its directory.
 */
final class ContainerCleanup {
    private ContainerCleanup() {}

    static void removeAll(BerthDaemonProcess berthd) {
        if (berthd.isAlive()) {
            var ids = berthd.docker().run("ps", "-aq").stdout().strip();
            if (!ids.isEmpty()) {
                var argv = new java.util.ArrayList<>(List.of("rm", "-f"));
                argv.addAll(List.of(ids.split("\\s+")));
                berthd.docker().run(argv.toArray(String[]::new));
            }
        }
        Path runcRoot = berthd.execRoot().resolve("rt/runc");
        if (Files.isDirectory(runcRoot)) {
            try (var dirs = Files.list(runcRoot)) {
                for (Path d : dirs.toList()) run("/usr/sbin/runc", "--root", runcRoot.toString(), "delete", "--force", d.getFileName().toString());
            } catch (IOException ignored) {
                // nothing left to delete
            }
        }
        String marker = berthd.execRoot().toString();
        ProcessHandle.allProcesses()
            .filter(p -> p.info().command().orElse("").endsWith("conmon"))
            .filter(p -> String.join(" ", p.info().arguments().orElse(new String[0])).contains(marker))
            .forEach(ProcessHandle::destroyForcibly);
    }

    private static void run(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            p.waitFor(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            // best effort
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
