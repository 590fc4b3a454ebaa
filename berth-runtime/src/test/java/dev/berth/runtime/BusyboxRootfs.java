package dev.berth.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/** A minimal rootfs for real-runtime tests: static busybox, its applet links, /etc/passwd. */
final class BusyboxRootfs {
    static final Path BUSYBOX = Path.of("/bin/busybox");

    private BusyboxRootfs() {}

    static Path create(Path dir) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Process p = new ProcessBuilder(BUSYBOX.toString(), "--list").redirectErrorStream(true).start();
        String list = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        for (String applet : list.lines().map(String::strip).filter(s -> !s.isEmpty() && !s.equals("busybox")).toList()) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        for (String d : new String[] {"proc", "sys", "dev", "tmp", "etc", "root", "sbin"}) Files.createDirectories(dir.resolve(d));
        Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        Files.writeString(dir.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        return dir;
    }

    static boolean available() {
        return Files.isExecutable(BUSYBOX) && Files.isExecutable(Path.of("/usr/sbin/runc"))
            && Files.isExecutable(Path.of("/usr/bin/conmon")) && "root".equals(System.getProperty("user.name"));
    }
}
