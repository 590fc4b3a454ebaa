package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline image life cycle as a user drives it with the docker CLI: import, list, tag,
 * inspect, history, save, remove, load, prune, disk usage, bad input. Runs against Berth and,
 * to keep the expectations honest, against a reference dockerd.
 */
abstract class ImageFlowContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    protected abstract DockerCli docker();

    /** Imports the busybox rootfs as {@code ref} and returns the full image ID ({@code sha256:…}). */
    protected String importBusybox(String ref) {
        Path tar = TestImages.busyboxRootfsTar(tmp);
        var r = docker().runWithStdin(tar, "import", "--change", "CMD [\"sh\"]", "--message", "from the test", "-", ref).assertOk();
        String id = r.stdout().strip();
        assertThat(id).as(r.describe()).matches("sha256:[0-9a-f]{64}");
        return id;
    }

    private String inspect(String ref, String format) {
        return docker().ok("image", "inspect", "--format", format, ref).stdout().strip();
    }

    @Test
    void importedImageIsListedAndInspectable() throws IOException {
        String id = importBusybox("flow-import:test");
        var images = docker().ok("images", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").stdout();
        assertThat(images.lines()).contains("flow-import:test " + id);

        JsonNode inspect = JSON.readTree(docker().ok("image", "inspect", "flow-import:test").stdout()).get(0);
        assertThat(inspect.get("Id").asText()).isEqualTo(id);
        assertThat(inspect.get("RepoTags")).extracting(JsonNode::asText).containsExactly("flow-import:test");
        assertThat(inspect.get("Os").asText()).isEqualTo("linux");
        assertThat(inspect.get("Architecture").asText()).isEqualTo("amd64");
        assertThat(inspect.get("Comment").asText()).isEqualTo("from the test");
        assertThat(inspect.at("/Config/Cmd")).extracting(JsonNode::asText).containsExactly("sh");
        assertThat(inspect.at("/RootFS/Type").asText()).isEqualTo("layers");
        assertThat(inspect.at("/RootFS/Layers")).hasSize(1);
        assertThat(inspect.get("Size").asLong()).isGreaterThan(Files.size(TestImages.busybox()) - 1);
        assertThat(inspect.get("Created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void tagAddsANameToTheSameImage() {
        String id = importBusybox("flow-tag:one");
        docker().ok("tag", "flow-tag:one", "flow-tag:two");
        docker().ok("tag", id, "flow-tag-by-id:latest");
        assertThat(inspect("flow-tag:two", "{{.Id}}")).isEqualTo(id);
        assertThat(inspect("flow-tag-by-id", "{{.Id}}")).isEqualTo(id);
        assertThat(inspect(id, "{{json .RepoTags}}")).contains("flow-tag:one", "flow-tag:two", "flow-tag-by-id:latest");
        var listed = docker().ok("images", "flow-tag", "--format", "{{.Tag}}").stdout();
        assertThat(listed.lines().sorted()).containsExactly("one", "two");
    }

    @Test
    void historyShowsTheImportStep() {
        String id = importBusybox("flow-history:test");
        var rows = docker().ok("history", "--no-trunc", "--format", "{{.ID}}|{{.Size}}|{{.Comment}}", "flow-history:test")
            .stdout().strip().lines().toList();
        assertThat(rows).hasSize(1);
        String[] row = rows.getFirst().split("\\|");
        assertThat(row[0]).isEqualTo(id);
        assertThat(row[1]).isNotEqualTo("0B");
        assertThat(row[2]).isEqualTo("from the test");
    }

    @Test
    void saveRemoveLoadKeepsTheImageId() throws IOException {
        String id = importBusybox("flow-roundtrip:test");
        Path archive = tmp.resolve("saved.tar");
        docker().ok("save", "-o", archive.toString(), "flow-roundtrip:test");
        assertThat(tarEntries(archive)).contains("manifest.json");

        var rmi = docker().ok("rmi", "flow-roundtrip:test").stdout();
        assertThat(rmi).contains("Untagged: flow-roundtrip:test").contains("Deleted: " + id);
        var gone = docker().run("image", "inspect", "flow-roundtrip:test");
        assertThat(gone.exitCode()).isNotZero();
        assertThat(gone.stderr()).containsIgnoringCase("No such image");

        var load = docker().ok("load", "-i", archive.toString()).stdout();
        assertThat(load).contains("Loaded image: flow-roundtrip:test");
        assertThat(inspect("flow-roundtrip:test", "{{.Id}}")).isEqualTo(id);
    }

    @Test
    void loadFromStdinWorksToo() throws IOException {
        String id = importBusybox("flow-stdin:test");
        Path archive = tmp.resolve("stdin.tar");
        docker().ok("save", "-o", archive.toString(), "flow-stdin:test");
        docker().ok("rmi", "flow-stdin:test");
        docker().runWithStdin(archive, "load").assertOk();
        assertThat(inspect("flow-stdin:test", "{{.Id}}")).isEqualTo(id);
    }

    @Test
    void pruneRemovesDanglingImagesOnly() {
        String kept = importBusybox("flow-prune:kept");
        Path tar = TestImages.busyboxRootfsTar(tmp);
        String dangling = docker().runWithStdin(tar, "import", "--message", "dangling", "-").assertOk().stdout().strip();
        assertThat(dangling).isNotEqualTo(kept);
        assertThat(docker().ok("images", "--filter", "dangling=true", "--no-trunc", "--format", "{{.ID}}").stdout()).contains(dangling);

        var prune = docker().ok("image", "prune", "-f").stdout();
        assertThat(prune).contains("deleted: " + dangling).contains("Total reclaimed space");
        assertThat(docker().run("image", "inspect", dangling).exitCode()).isNotZero();
        assertThat(inspect("flow-prune:kept", "{{.Id}}")).isEqualTo(kept);
    }

    @Test
    void systemDfCountsImages() {
        importBusybox("flow-df:test");
        var rows = docker().ok("system", "df", "--format", "{{.Type}}|{{.TotalCount}}|{{.Size}}").stdout().lines().toList();
        String images = rows.stream().filter(r -> r.startsWith("Images|")).findFirst().orElseThrow(() -> new AssertionError(rows));
        String[] f = images.split("\\|");
        assertThat(Integer.parseInt(f[1])).isGreaterThanOrEqualTo(1);
        assertThat(f[2]).isNotEqualTo("0B");
    }

    @Test
    void garbageToLoadIsAClearErrorAndTheDaemonLivesOn() {
        var r = docker().run("load", "-i", TestImages.garbageTar(tmp).toString());
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderr()).as(r.describe()).isNotBlank();
        docker().ok("version");
        docker().ok("images");
    }

    @Test
    void unknownImageIsNotFound() {
        var r = docker().run("image", "inspect", "flow-no-such-image:nope");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).containsIgnoringCase("No such image: flow-no-such-image:nope");
        var rmi = docker().run("rmi", "flow-no-such-image:nope");
        assertThat(rmi.exitCode()).isNotZero();
        assertThat(rmi.stderr()).containsIgnoringCase("No such image");
    }

    static List<String> tarEntries(Path tar) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = t.getNextEntry()) != null; ) names.add(e.getName());
        }
        return names;
    }
}
