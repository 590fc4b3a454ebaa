package dev.berth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Base of the docker-compose ITs: one berthd per test class with its own default bridge, iptables
 * chain prefix and address pools ({@link HostNetworkJanitor}), so the networks compose creates
 * never touch the host's; {@code busybox:latest} imported from the host's busybox-static. Each
 * test makes its projects with {@link #project}; after it every project is taken down
 * ({@code down -v}), whatever is left of its containers, networks and volumes removed, pass or fail.
 */
abstract class ComposeProjects {
    /** Per test class (made when its daemon starts): the bridge, chain prefix and pools of its daemon. */
    static HostNetworkJanitor host;
    /** Per test class: Berth's own plugin directory, so a test volume plugin needs no /run/docker/plugins. */
    static ScratchDir pluginDir;
    @RegisterExtension static final BerthDaemonExtension berth = new BerthDaemonExtension(b -> {
        host = new HostNetworkJanitor();
        pluginDir = ScratchDir.create("berth-plugdir-");
        return b.configJson(host.daemonJson()).args("--plugin-dir", pluginDir.path().toString());
    });

    private final List<DockerCompose> projects = new ArrayList<>();

    @BeforeAll
    static void importBusybox() {
        Path tar = TestImages.busyboxRootfsTar(berth.daemon().scratch());
        berth.docker().ok("import", tar.toString(), "busybox:latest");
    }

    @AfterEach
    void takeProjectsDown() {
        for (DockerCompose p : projects) p.run("down", "-v", "--remove-orphans", "--timeout", "1");
        // what down could not take (a project whose file is not docker-compose.yml, a failed down):
        // containers first, then what they used
        ContainerCleanup.removeAll(berth.daemon());
        for (DockerCompose p : projects) {
            for (String kind : List.of("network", "volume")) {
                String left = docker().run(kind, "ls", "-q", "--filter", "label=com.docker.compose.project=" + p.project()).stdout().strip();
                if (!left.isEmpty()) docker().run(Stream.concat(Stream.of(kind, "rm"), left.lines()).toArray(String[]::new));
            }
        }
        projects.clear();
    }

    @AfterAll
    static void cleanUpHost() {
        if (host != null) host.cleanUp();
        if (pluginDir != null) pluginDir.close();
    }

    static DockerCli docker() { return berth.docker(); }

    /** A project directory holding {@code docker-compose.yml} with {@code yaml}, under a project name no other test uses. */
    DockerCompose project(String yaml) {
        DockerCompose c = emptyProject();
        write(c.projectDir().resolve("docker-compose.yml"), yaml);
        return c;
    }

    /** A project directory without files yet (for tests that pick them with {@code -f}). */
    DockerCompose emptyProject() {
        return compose(newProjectDir());
    }

    /** A project directory with a copy of the test resource directory {@code resource} (e.g. {@code compose/posts}). */
    DockerCompose projectFrom(String resource) {
        Path dir = newProjectDir();
        copyTree(resourceDir(resource), dir);
        return compose(dir);
    }

    private DockerCompose compose(Path dir) {
        String name = "it" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        var c = new DockerCompose(berth.daemon().dockerHost(), berth.daemon().scratch().resolve("compose-config"), dir, name);
        projects.add(c);
        return c;
    }

    private static Path newProjectDir() {
        try {
            return Files.createTempDirectory(berth.daemon().scratch(), "project-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resourceDir(String resource) {
        try {
            var url = ComposeProjects.class.getResource("/" + resource);
            if (url == null) throw new AssertionError("no test resource " + resource);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** Copies the test resource directory {@code resource} to {@code to}. */
    static void copyResource(String resource, Path to) {
        copyTree(resourceDir(resource), to);
    }

    /** Copies a fixture tree; CGI scripts become executable (resources lose their mode on the way to test-classes). */
    private static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                    if (p.getParent().getFileName().toString().equals("cgi-bin")) {
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
