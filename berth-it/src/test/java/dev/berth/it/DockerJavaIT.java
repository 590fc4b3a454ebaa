package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A Java client (docker-java, as Testcontainers uses it) drives berthd unmodified. */
class DockerJavaIT {
    @RegisterExtension static final BerthDaemonExtension berth = new BerthDaemonExtension();

    @TempDir Path tmp;
    private DockerClient client;

    @BeforeEach
    void connect() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost("unix://" + berth.daemon().socket()).build();
        var http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build();
        client = DockerClientImpl.getInstance(config, http);
    }

    @AfterEach
    void close() throws Exception {
        client.close();
    }

    @Test
    void pingVersionAndInfo() {
        client.pingCmd().exec();
        assertThat(client.versionCmd().exec().getApiVersion()).isEqualTo("1.44");
        assertThat(client.infoCmd().exec().getDockerRootDir()).isEqualTo(berth.daemon().dataRoot().toString());
    }

    @Test
    void imagesListInspectTagRemove() {
        berth.docker().runWithStdin(TestImages.busyboxRootfsTar(tmp), "import", "-", "java-client:1").assertOk();
        assertThat(client.listImagesCmd().exec()).anySatisfy(i -> assertThat(i.getRepoTags()).contains("java-client:1"));
        var inspect = client.inspectImageCmd("java-client:1").exec();
        assertThat(inspect.getOs()).isEqualTo("linux");
        assertThat(inspect.getRootFS().getLayers()).hasSize(1);
        client.tagImageCmd("java-client:1", "java-client", "2").exec();
        assertThat(client.inspectImageCmd("java-client:2").exec().getId()).isEqualTo(inspect.getId());
        client.removeImageCmd("java-client:2").exec();
        assertThatThrownBy(() -> client.inspectImageCmd("java-client:2").exec()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void containerCreateStartLogsWaitRemove() throws Exception {
        berth.docker().runWithStdin(TestImages.busyboxRootfsTar(tmp), "import", "-", "java-run:1").assertOk();
        var created = client.createContainerCmd("java-run:1").withName("from-java")
            .withCmd("sh", "-c", "echo out-line; echo err-line >&2; exit 4")
            .withLabels(java.util.Map.of("client", "docker-java")).exec();
        client.startContainerCmd(created.getId()).exec();
        int code = client.waitContainerCmd(created.getId())
            .exec(new com.github.dockerjava.api.command.WaitContainerResultCallback()).awaitStatusCode();
        assertThat(code).isEqualTo(4);

        var lines = new java.util.concurrent.CopyOnWriteArrayList<String>();
        client.logContainerCmd(created.getId()).withStdOut(true).withStdErr(true)
            .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                @Override public void onNext(com.github.dockerjava.api.model.Frame frame) {
                    lines.add(frame.getStreamType() + ":" + new String(frame.getPayload()).strip());
                }
            }).awaitCompletion();
        assertThat(lines).containsExactly("STDOUT:out-line", "STDERR:err-line");

        var inspect = client.inspectContainerCmd("from-java").exec();
        assertThat(inspect.getState().getExitCodeLong()).isEqualTo(4L);
        assertThat(inspect.getConfig().getLabels()).containsEntry("client", "docker-java");
        client.removeContainerCmd(created.getId()).exec();
        assertThatThrownBy(() -> client.inspectContainerCmd(created.getId()).exec()).isInstanceOf(NotFoundException.class);
    }
}
