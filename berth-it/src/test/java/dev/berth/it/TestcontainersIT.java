package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers, unmodified, against berthd. It finds the daemon as a user would point it at
 * another engine: {@code DOCKER_HOST} (set by the build, see berth-it's pom) names
 * the socket this class's daemon listens on; Ryuk is off because its image lives on Docker Hub.
 */
class TestcontainersIT {
    private static final Path SOCKET = Path.of(System.getenv("DOCKER_HOST").substring("unix://".length()));

    // Testcontainers inspects the default bridge network: the daemon gets one of its own
    static final HostNetworkJanitor host = new HostNetworkJanitor();
    @RegisterExtension static final BerthDaemonExtension berth =
        new BerthDaemonExtension(b -> b.socket(SOCKET).configJson(host.daemonJson()));

    @AfterAll
    static void cleanUp() {
        host.cleanUp();
    }

    @BeforeAll
    static void importBusybox() {
        berth.docker().ok("import", TestImages.busyboxRootfsTar(berth.daemon().scratch()).toString(), "busybox:latest");
    }

    @AfterEach
    void removeContainers() {
        ContainerCleanup.removeAll(berth.daemon());
    }

    @Test
    void genericContainerStartsWaitsExecsCopiesAndStops() throws Exception {
        assertThat(DockerClientFactory.instance().getInfo().getDockerRootDir()).isEqualTo(berth.daemon().dataRoot().toString());
        try (var c = new GenericContainer<>(DockerImageName.parse("busybox:latest"))
                .withCommand("sh", "-c", "echo started; while true; do sleep 1; done")
                .withEnv("GREETING", "hello from berth")
                .waitingFor(Wait.forLogMessage("started\\n", 1).withStartupTimeout(Duration.ofSeconds(30)))) {
            c.start();
            assertThat(c.isRunning()).isTrue();
            var exec = c.execInContainer("sh", "-c", "echo $GREETING; exit 3");
            assertThat(exec.getStdout()).isEqualTo("hello from berth\n");
            assertThat(exec.getExitCode()).isEqualTo(3);
            c.copyFileToContainer(Transferable.of("payload".getBytes(StandardCharsets.UTF_8)), "/tmp/in.txt");
            assertThat(c.execInContainer("cat", "/tmp/in.txt").getStdout()).isEqualTo("payload");
            String copiedBack = c.copyFileFromContainer("/tmp/in.txt", in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(copiedBack).isEqualTo("payload");
            assertThat(c.getLogs()).contains("started");
            String id = c.getContainerId();
            c.stop();
            assertThat(berth.docker().run("inspect", id).exitCode()).as("Testcontainers removes what it started").isNotZero();
        }
    }
}
