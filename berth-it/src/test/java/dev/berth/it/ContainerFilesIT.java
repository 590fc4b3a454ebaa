package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** docker cp, export, diff, commit and sizes as a user of the real docker CLI sees them against berthd. */
class ContainerFilesIT extends BusyboxContainers {
    private Path work;

    @BeforeEach
    void workDir() throws IOException {
        work = Files.createTempDirectory(berth.daemon().scratch(), "cp-");
    }

    @AfterEach
    void cleanUp() throws IOException {
        ContainerCleanup.removeAll(berth.daemon()); // before the images they use (runs before the base's)
        for (String image : List.of("berth-it-img:2", "berth-it-img:1")) docker().run("rmi", "-f", image);
        var dangling = docker().run("images", "-q", "--filter", "dangling=true").stdout().strip();
        if (!dangling.isEmpty()) for (String id : dangling.split("\\s+")) docker().run("rmi", "-f", id);
        ScratchDir.deleteRecursively(work);
    }


    @Test
    void copiesBothWaysIntoARunningContainer() throws IOException {
        docker().ok("run", "-d", "--name", "cp1", "busybox", "sleep", "1000");
        Files.writeString(work.resolve("hello.txt"), "hi there\n");
        Files.createDirectories(work.resolve("d/sub"));
        Files.writeString(work.resolve("d/sub/f"), "deep\n");

        docker().ok("cp", work.resolve("hello.txt").toString(), "cp1:/tmp/");
        docker().ok("cp", work.resolve("d").toString(), "cp1:/data");

        docker().ok("cp", "cp1:/tmp/hello.txt", work.resolve("back.txt").toString());
        assertThat(Files.readString(work.resolve("back.txt"))).isEqualTo("hi there\n");
        docker().ok("cp", "cp1:/data", work.resolve("data2").toString());
        assertThat(Files.readString(work.resolve("data2/sub/f"))).isEqualTo("deep\n");
        Files.createDirectories(work.resolve("contents"));
        docker().ok("cp", "cp1:/data/.", work.resolve("contents").toString());
        assertThat(Files.readString(work.resolve("contents/sub/f"))).isEqualTo("deep\n");
        docker().ok("cp", "cp1:/bin/sh", work.resolve("sh").toString());
        assertThat(Files.isSymbolicLink(work.resolve("sh"))).isTrue();
    }

    @Test
    void copiesFromAndIntoAStoppedContainer() throws IOException {
        docker().ok("create", "--name", "st", "busybox", "cat", "/hello");
        docker().ok("cp", "st:/etc/passwd", work.resolve("passwd").toString());
        assertThat(Files.readString(work.resolve("passwd"))).contains("root:x:0:0");
        Files.writeString(work.resolve("hello"), "from the host\n");
        docker().ok("cp", work.resolve("hello").toString(), "st:/hello");
        var run = docker().ok("start", "-a", "st");
        assertThat(run.stdout()).isEqualTo("from the host\n");
    }

    @Test
    void missingPathsFailAsDockerd() {
        docker().ok("create", "--name", "miss", "busybox", "true");
        var out = docker().run("cp", "miss:/nope", work.resolve("x").toString());
        assertThat(out.exitCode()).isOne();
        assertThat(out.stderr()).contains("Error response from daemon: Could not find the file /nope in container miss");
        var in = docker().run("cp", work.toString(), "miss:/nope/x");
        assertThat(in.exitCode()).isOne();
        assertThat(in.stderr()).contains("Could not find the file /nope in container miss");
    }

    @Test
    void exportListsTheRootFilesystem() throws Exception {
        docker().ok("create", "--name", "ex", "busybox", "true");
        Path tar = work.resolve("ex.tar");
        docker().ok("export", "-o", tar.toString(), "ex");
        Process p = new ProcessBuilder("tar", "tf", tar.toString()).redirectErrorStream(true).start();
        String listing = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        assertThat(listing.lines()).contains("bin/busybox", "etc/passwd");
    }

    @Test
    void diffShowsAddedChangedDeleted() {
        docker().ok("run", "--name", "df", "busybox", "sh", "-c", "touch /new; rm /etc/group; echo x >> /etc/passwd");
        var diff = docker().ok("diff", "df").stdout().lines().toList();
        // exactly these (dockerd 20.10's list, in path order): runc's mountpoints and the bind-mounted
        // /etc files are not the container's changes, as they sit in dockerd's init layer
        assertThat(diff).containsExactly("C /etc", "D /etc/group", "C /etc/passwd", "A /new");
        docker().ok("run", "--name", "quiet", "busybox", "true");
        assertThat(docker().ok("diff", "quiet").stdout()).isEmpty();
        String size = docker().ok("ps", "-as", "--filter", "name=df", "--format", "{{.Size}}").stdout().strip();
        assertThat(size).matches("\\d+(\\.\\d+)?k?B \\(virtual .+\\)").doesNotStartWith("0B");
        var prune = docker().ok("container", "prune", "-f").stdout();
        assertThat(prune).contains("Total reclaimed space:").doesNotContain("Total reclaimed space: 0B");
    }

    @Test
    void commitMakesARunnableImageWithHistory() throws Exception {
        docker().ok("run", "--name", "cm", "busybox", "sh", "-c", "echo hello-commit > /hello");
        String id = docker().ok("commit", "-c", "CMD [\"cat\",\"/hello\"]", "-m", "msg", "-a", "me", "cm", "berth-it-img:1")
            .stdout().strip();
        assertThat(id).matches("sha256:[0-9a-f]{64}");
        assertThat(committedLayer("berth-it-img:1")).containsExactly("hello"); // no runtime mountpoints or /etc stubs
        assertThat(docker().ok("run", "--rm", "berth-it-img:1").stdout()).isEqualTo("hello-commit\n");
        var history = docker().ok("history", "--format", "{{.CreatedBy}}|{{.Comment}}", "berth-it-img:1").stdout().lines().toList();
        assertThat(history).hasSize(2);
        assertThat(history.getFirst()).isEqualTo("sh -c echo hello-commit > /hello|msg");
        String parent = docker().ok("image", "inspect", "-f", "{{.Id}}", "busybox").stdout().strip();
        String containerId = docker().ok("inspect", "-f", "{{.Id}}", "cm").stdout().strip();
        assertThat(docker().ok("image", "inspect", "-f", "{{.Parent}} {{.Container}} {{.Author}} {{.Comment}}", "berth-it-img:1")
            .stdout().strip()).isEqualTo(parent + " " + containerId + " me msg");

        // a child of the committed image: the committed one can lose its tag, not be deleted
        docker().ok("run", "--name", "cm2", "berth-it-img:1", "sh", "-c", "echo more > /more");
        docker().ok("commit", "cm2", "berth-it-img:2");
        docker().ok("rm", "cm", "cm2");
        assertThat(docker().ok("rmi", "berth-it-img:1").stdout()).isEqualTo("Untagged: berth-it-img:1\n");
        assertThat(docker().ok("image", "inspect", "-f", "{{.Id}}", id).stdout().strip()).isEqualTo(id);
        var rmi = docker().run("rmi", id);
        assertThat(rmi.exitCode()).isOne();
        assertThat(rmi.stderr()).contains("image has dependent child images");
        assertThat(docker().ok("history", "-q", "berth-it-img:2").stdout().lines()).hasSize(3);
    }

    /** Scripts find a container's files through GraphDriver.Data, as on dockerd's overlay2. */
    @Test
    void inspectNamesTheOverlayDirectories() throws Exception {
        docker().ok("run", "--name", "gd", "busybox", "sh", "-c", "echo upper > /written");
        String driver = docker().ok("inspect", "-f", "{{.GraphDriver.Name}}", "gd").stdout().strip();
        org.junit.jupiter.api.Assumptions.assumeTrue(driver.equals("overlay2"), "vfs shows no driver data, as dockerd's");
        String[] d = docker().ok("inspect", "-f",
            "{{.GraphDriver.Data.LowerDir}}|{{.GraphDriver.Data.UpperDir}}|{{.GraphDriver.Data.WorkDir}}|{{.GraphDriver.Data.MergedDir}}",
            "gd").stdout().strip().split("\\|");
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of(d[1], "written"))).isEqualTo("upper\n");
        assertThat(java.util.Arrays.stream(d[0].split(":")).map(java.nio.file.Path::of))
            .anyMatch(lower -> java.nio.file.Files.exists(lower.resolve("bin/busybox"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertThat(java.nio.file.Path.of(d[2])).isDirectory();
        assertThat(d[3]).endsWith("/merged");
        docker().ok("rm", "gd");
    }

    /** As dockerd: --change reads its words as a Dockerfile does, variables from the container's environment. */
    @Test
    void commitChangesExpandTheContainersVariables() {
        docker().ok("create", "--name", "cv", "-e", "B=base", "busybox", "true");
        docker().ok("commit", "-c", "ENV C=$B-1 D='$B'", "-c", "WORKDIR /w/$C", "-c", "CMD echo $B", "cv", "berth-it-img:1");
        assertThat(docker().ok("image", "inspect", "-f", "{{json .Config.Env}} {{.Config.WorkingDir}} {{json .Config.Cmd}}",
            "berth-it-img:1").stdout().strip())
            .isEqualTo("[\"B=base\",\"C=base-1\",\"D=$B\"] /w/base-1 [\"/bin/sh\",\"-c\",\"echo $B\"]");
        var bad = docker().run("commit", "-c", "LABEL a=\"b", "cv", "berth-it-img:2");
        assertThat(bad.exitCode()).isOne();
        assertThat(bad.stderr()).contains("failed to process \"\\\"b\": unexpected end of statement while looking for matching double-quote");
        docker().ok("rm", "cv");
    }

    /** The entries of an image's top layer, through docker save and the host's tar. */
    private List<String> committedLayer(String image) throws Exception {
        Path saved = work.resolve("saved.tar");
        docker().ok("save", "-o", saved.toString(), image);
        String script = "top=$(tar -xOf \"$1\" manifest.json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0][\"Layers\"][-1])')"
            + " && tar -xOf \"$1\" \"$top\" | tar -t";
        Process p = new ProcessBuilder("bash", "-c", script, "sh", saved.toString()).redirectErrorStream(true).start();
        List<String> entries = p.inputReader().lines().toList();
        assertThat(p.waitFor()).isZero();
        return entries;
    }

    @Test
    void commitOfARunningContainerPausesAndResumesIt() throws InterruptedException {
        docker().ok("run", "-d", "--name", "live", "busybox", "sh", "-c", "echo live > /live; sleep 1000");
        for (int i = 0; i < 50 && !docker().run("cp", "live:/live", work.resolve("live").toString()).ok(); i++) Thread.sleep(100);
        docker().ok("commit", "live", "berth-it-img:1");
        assertThat(docker().ok("run", "--rm", "berth-it-img:1", "cat", "/live").stdout()).isEqualTo("live\n");
        assertThat(docker().ok("inspect", "-f", "{{.State.Status}}", "live").stdout().strip()).isEqualTo("running");
    }
}
