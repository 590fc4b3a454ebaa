package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Healthchecks, {@code docker stats} and OOM kills, through the real docker CLI against berthd. */
class ResourcesIT extends BusyboxContainers {
    @Test
    void healthcheckGoesUnhealthyThenHealthy() throws Exception {
        long since = Instant.now().getEpochSecond();
        docker().ok("run", "-d", "--name", "probed", "--health-cmd", "test -e /tmp/ok", "--health-interval", "1s",
            "--health-retries", "2", "busybox", "sleep", "1000");
        assertThat(docker().ok("ps", "--format", "{{.Status}}", "--filter", "name=probed").stdout()).contains("(health: starting)");
        awaitInspect("probed", "{{.State.Health.Status}}", "unhealthy");
        assertThat(docker().ok("ps", "-q", "--filter", "health=unhealthy").stdout()).isNotBlank();
        docker().ok("exec", "probed", "touch", "/tmp/ok");
        awaitInspect("probed", "{{.State.Health.Status}}", "healthy");
        assertThat(docker().ok("ps", "--format", "{{.Status}}", "--filter", "health=healthy").stdout()).contains("(healthy)");
        assertThat(docker().ok("inspect", "-f", "{{.State.Health.FailingStreak}} {{(index .State.Health.Log 0).ExitCode}}", "probed")
            .stdout().strip()).startsWith("0 ");
        Thread.sleep(1100);
        String events = docker().ok("events", "--since", Long.toString(since), "--until", Long.toString(Instant.now().getEpochSecond()),
            "--filter", "container=probed", "--filter", "event=health_status", "--format", "{{.Action}}").stdout();
        assertThat(events).contains("health_status: unhealthy", "health_status: healthy");
        assertThat(docker().ok("run", "-d", "--name", "unchecked", "--no-healthcheck", "busybox", "sleep", "1000").stdout()).isNotBlank();
        assertThat(docker().ok("inspect", "-f", "{{.State.Health}}", "unchecked").stdout().strip()).isEqualTo("<nil>");
        assertThat(docker().ok("ps", "--format", "{{.Names}}", "--filter", "health=none").stdout()).contains("unchecked");
    }

    @Test
    void statsShowTheMemoryLimit() {
        docker().ok("run", "-d", "--name", "limited", "-m", "64m", "busybox", "sleep", "1000");
        var table = docker().ok("stats", "--no-stream", "limited").stdout();
        assertThat(table).contains("CPU %", "MEM USAGE / LIMIT", "PIDS", "limited");
        assertThat(docker().ok("stats", "--no-stream", "--format", "{{.MemUsage}}", "limited").stdout().strip()).endsWith("/ 64MiB");
        assertThat(docker().ok("stats", "--no-stream", "--format", "{{.PIDs}}", "limited").stdout().strip()).isEqualTo("1");
    }

    @Test
    void oomKillIsReportedAsDockerd() throws Exception {
        long since = Instant.now().getEpochSecond();
        var r = docker().run(Duration.ofMinutes(2), null, null, "run", "--name", "hog", "-m", "16m", "--memory-swap", "16m", "busybox",
            "sh", "-c", "x=aaaaaaaaaaaaaaaa; while true; do x=$x$x; done");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(137);
        assertThat(docker().ok("inspect", "-f", "{{.State.OOMKilled}} {{.State.ExitCode}}", "hog").stdout().strip()).isEqualTo("true 137");
        Thread.sleep(1100);
        String events = docker().ok("events", "--since", Long.toString(since), "--until", Long.toString(Instant.now().getEpochSecond()),
            "--filter", "container=hog", "--format", "{{.Action}}").stdout();
        assertThat(events).contains("oom\ndie");
    }

    private void awaitInspect(String name, String format, String expected) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        String got = "";
        while (Instant.now().isBefore(deadline)) {
            got = docker().ok("inspect", "-f", format, name).stdout().strip();
            if (got.equals(expected)) return;
            Thread.sleep(200);
        }
        throw new AssertionError(name + ": " + format + " is '" + got + "', expected '" + expected + "'");
    }
}
