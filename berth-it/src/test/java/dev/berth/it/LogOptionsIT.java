package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Log drivers and options as a docker user sees them: json-file rotation by max-size/max-file
 * (read back in order across the files, also while following), {@code --log-driver none},
 * inspect's LogConfig, and dockerd's errors for bad options.
 */
class LogOptionsIT extends BusyboxContainers {
    /** A shell loop printing "line N …" (about 90 bytes each in the log), pausing after every 20 so rotation keeps up. */
    private static String writer(int lines) {
        return "i=0; while [ $i -lt " + lines + " ]; do echo \"line $i 0123456789012345678901234567890123456789\"; "
            + "i=$((i+1)); [ $((i % 20)) -eq 0 ] && usleep 50000; done; true";
    }

    private Path containerDir(String name) {
        String id = docker().ok("inspect", "-f", "{{.Id}}", name).stdout().strip();
        return berth.daemon().dataRoot().resolve("containers").resolve(id);
    }

    private static List<Path> logFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("container\\.log(\\.\\d+)?")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The numbers of the "line N" lines, which must follow each other without a gap and end with {@code last}. */
    private static void assertConsecutive(String output, int last) {
        List<Integer> numbers = output.lines().map(l -> Integer.parseInt(l.split(" ")[1])).toList();
        assertThat(numbers).isNotEmpty();
        int first = numbers.getFirst();
        for (int i = 0; i < numbers.size(); i++) assertThat(numbers.get(i)).as("line %d of docker logs", i).isEqualTo(first + i);
        assertThat(numbers.getLast()).isEqualTo(last);
    }

    private void awaitExit(String name) {
        assertThat(docker().run(Duration.ofMinutes(2), null, null, "wait", name).stdout().strip()).isEqualTo("0");
    }

    @Test
    void maxSizeAndMaxFileRotateTheLogAndLogsReadsAcrossTheFiles() throws Exception {
        docker().ok("run", "-d", "--name", "rot", "--log-opt", "max-size=10k", "--log-opt", "max-file=3", "busybox",
            "sh", "-c", writer(1500));
        var follow = docker().run(Duration.ofMinutes(2), null, null, "logs", "-f", "rot");
        awaitExit("rot");

        List<Path> files = logFiles(containerDir("rot"));
        assertThat(files).hasSizeBetween(2, 3);
        for (Path f : files.subList(1, files.size())) { // the rotated ones: max-size plus what one poll lets through
            assertThat(Files.size(f)).as(f.toString()).isBetween(10_000L, 25_000L);
        }
        String all = docker().ok("logs", "rot").stdout();
        assertConsecutive(all, 1499);
        assertThat(all.lines().count()).isLessThan(1000); // the oldest files were dropped
        assertConsecutive(docker().ok("logs", "--tail", "5", "rot").stdout(), 1499);
        assertThat(docker().ok("logs", "--tail", "5", "rot").stdout().lines()).hasSize(5);
        follow.assertOk();
        assertConsecutive(follow.stdout(), 1499); // followed across every rotation without a gap
    }

    @Test
    void rotationGoesOnAfterADaemonRestart() throws Exception {
        // the container writes only once the restarted daemon is back (a marker in a bind-mounted
        // directory), however long the restart takes on a loaded host
        Path go = Files.createDirectories(berth.daemon().scratch().resolve("survivor-go"));
        docker().ok("run", "-d", "--name", "survivor", "--log-opt", "max-size=10k", "--log-opt", "max-file=2",
            "-v", go + ":/go", "busybox", "sh", "-c", "until [ -f /go/now ]; do usleep 50000; done; " + writer(800)
                + "; echo written; exec sleep 600"); // still running: the last rotation's reopen has a conmon to reach
        berth.daemon().crashAndRestart();
        Files.writeString(go.resolve("now"), "");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
        while (!docker().ok("logs", "survivor").stdout().contains("written") && System.nanoTime() < deadline) Thread.sleep(200);
        Thread.sleep(1000); // a rotation check runs every 200 ms
        List<Path> files = logFiles(containerDir("survivor"));
        assertThat(files).hasSize(2);
        assertThat(Files.size(files.get(1))).isBetween(10_000L, 25_000L);
        assertConsecutive(docker().ok("logs", "survivor").stdout().replace("written\n", ""), 799);
        docker().ok("rm", "-f", "survivor");
    }

    @Test
    void logDriverNoneWritesNothingAndLogsSaysSo() {
        assertThat(docker().ok("run", "--name", "quiet", "--log-driver", "none", "busybox", "echo", "attached").stdout())
            .isEqualTo("attached\n");
        var logs = docker().run("logs", "quiet");
        assertThat(logs.exitCode()).isNotZero();
        assertThat(logs.stderr()).contains("configured logging driver does not support reading");
        assertThat(logFiles(containerDir("quiet"))).isEmpty();
        assertThat(docker().ok("inspect", "-f", "{{json .HostConfig.LogConfig}}|{{.LogPath}}", "quiet").stdout().strip())
            .isEqualTo("{\"Type\":\"none\",\"Config\":{}}|");
    }

    /** --details puts the json-file driver's extra attributes and a space before each line (dockerd 20.10's output). */
    @Test
    void detailsShowTheLogAttributes() {
        docker().ok("run", "--name", "plain", "busybox", "sh", "-c", "echo one; echo two");
        assertThat(docker().ok("logs", "--details", "plain").stdout()).isEqualTo(" one\n two\n");
        docker().ok("run", "--name", "attrs", "--label", "team=blue", "-e", "STAGE=dev", "--log-opt", "labels=team",
            "--log-opt", "env=STAGE", "busybox", "echo", "hi");
        assertThat(docker().ok("logs", "--details", "attrs").stdout()).isEqualTo("STAGE=dev,team=blue hi\n");
        String stamped = docker().ok("logs", "--details", "-t", "plain").stdout().lines().findFirst().orElseThrow();
        assertThat(stamped).matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z  one"); // timestamp, space, no attributes, space
        docker().ok("rm", "plain", "attrs");
    }

    @Test
    void inspectShowsTheLogConfigAsGiven() {
        docker().ok("create", "--name", "plain", "busybox", "true");
        docker().ok("create", "--name", "opts", "--log-opt", "max-size=10k", "--log-opt", "max-file=3", "busybox", "true");
        assertThat(docker().ok("inspect", "-f", "{{json .HostConfig.LogConfig}}", "plain").stdout().strip())
            .isEqualTo("{\"Type\":\"json-file\",\"Config\":{}}");
        assertThat(docker().ok("inspect", "-f", "{{json .HostConfig.LogConfig}}", "opts").stdout().strip())
            .isEqualTo("{\"Type\":\"json-file\",\"Config\":{\"max-file\":\"3\",\"max-size\":\"10k\"}}");
    }

    @Test
    void badOptionsFailWithDockerdsMessages() {
        var unknownOpt = docker().run("create", "--log-opt", "foo=bar", "busybox", "true");
        assertThat(unknownOpt.exitCode()).isNotZero();
        assertThat(unknownOpt.stderr()).contains("Error response from daemon: unknown log opt 'foo' for json-file log driver");
        assertThat(docker().run("create", "--log-driver", "foo", "busybox", "true").stderr())
            .contains("error looking up logging plugin foo: plugin \"foo\" not found");
        // as dockerd: values are read when the container starts, and a bad one fails the start
        var badSize = docker().run("run", "--name", "badsize", "--log-opt", "max-size=abc", "busybox", "true");
        assertThat(badSize.exitCode()).isEqualTo(125);
        assertThat(badSize.stderr()).contains("failed to initialize logging driver: invalid size: 'abc'");
    }

    @Test
    void maxSizeAloneKeepsOneFileThatStartsOverWhenFull() throws Exception {
        docker().ok("run", "-d", "--name", "single", "--log-opt", "max-size=10k", "busybox", "sh", "-c", writer(500));
        awaitExit("single");
        List<Path> files = logFiles(containerDir("single"));
        assertThat(files).hasSize(1);
        assertThat(Files.size(files.getFirst())).isLessThanOrEqualTo(10_000L);
        String all = docker().ok("logs", "single").stdout();
        assertConsecutive(all, 499);
        assertThat(all.lines().count()).isLessThan(120);
    }
}
