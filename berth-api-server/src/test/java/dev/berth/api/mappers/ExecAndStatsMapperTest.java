package dev.berth.api.mappers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.http.Json;
import dev.berth.api.types.ExecCreateRequest;
import dev.berth.common.error.BerthException;
import dev.berth.core.container.ExecService;
import dev.berth.core.container.StatsService;
import dev.berth.core.runtime.ResourceUsage;
import dev.berth.core.runtime.RuntimeSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecAndStatsMapperTest {

    @Test
    void execCreateAsTheCliSendsIt() throws Exception {
        String body = """
            {"User":"nobody","Privileged":false,"Tty":true,"ConsoleSize":[40,120],"AttachStdin":true,"AttachStderr":true,
             "AttachStdout":true,"Detach":false,"DetachKeys":"","Env":["A=1"],"WorkingDir":"/tmp","Cmd":["sh"]}""";
        var config = ExecMapper.create(Json.MAPPER.readValue(body, ExecCreateRequest.class));
        assertThat(config.cmd()).containsExactly("sh");
        assertThat(config.consoleSize()).isEqualTo(new RuntimeSpec.ConsoleSize(40, 120));
        assertThat(config.tty()).isTrue();
        assertThat(config.user()).isEqualTo("nobody");
        assertThatThrownBy(() -> ExecMapper.create(new ExecCreateRequest(null, false, false, null, false, false, false, null, null,
            null, List.of()))).isInstanceOf(BerthException.InvalidArgument.class).hasMessage("No exec command specified");
        assertThatThrownBy(() -> ExecMapper.create(new ExecCreateRequest(null, false, false, null, false, false, false, null, null,
            "tmp", List.of("ls")))).hasMessageContaining("needs to be an absolute path");
    }

    @Test
    void execInspectShapeAsDockerd() {
        var config = new ExecService.ExecConfig(List.of("sh", "-c", "exit 5"), List.of(), null, null, false, false, false, true,
            true, null, null);
        var exec = new ExecService.Exec("e1", "c1", config, true, false, 5, 0);
        JsonNode json = Json.MAPPER.valueToTree(ExecMapper.inspect(exec));
        assertThat(json.path("ExitCode").asInt()).isEqualTo(5);
        assertThat(json.path("Running").asBoolean()).isFalse();
        assertThat(json.path("ProcessConfig").path("entrypoint").asText()).isEqualTo("sh");
        assertThat(json.path("ProcessConfig").path("arguments").toString()).isEqualTo("[\"-c\",\"exit 5\"]");
        assertThat(json.path("ContainerID").asText()).isEqualTo("c1");
        var fresh = new ExecService.Exec("e2", "c1", config, false, false, null, 0);
        assertThat(Json.MAPPER.valueToTree(ExecMapper.inspect(fresh)).path("ExitCode").isNull()).isTrue();
    }

    @Test
    void statsLineCarriesWhatTheCliRenders() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        var cpu0 = new ResourceUsage.Cpu(1_000, List.of(400L, 600L), 10, 20, 50_000, 2, 0, 0, 0);
        var cpu1 = new ResourceUsage.Cpu(2_000, List.of(900L, 1100L), 10, 20, 60_000, 2, 0, 0, 0);
        var mem = new ResourceUsage.Memory(1 << 20, 2 << 20, 64 << 20, 0, Map.of("total_inactive_file", 4096L));
        var before = new ResourceUsage(t0, cpu0, mem, new ResourceUsage.Pids(1, 0), List.of(), Map.of());
        var now = new ResourceUsage(t0.plusSeconds(1), cpu1, mem, new ResourceUsage.Pids(3, 100),
            List.of(new ResourceUsage.Blkio(8, 0, "read", 512)), Map.of());
        JsonNode json = Json.MAPPER.valueToTree(StatsMapper.line(new StatsService.Sample("abc", "/web", now), before));
        assertThat(json.path("name").asText()).isEqualTo("/web");
        assertThat(json.path("read").asText()).isEqualTo("2026-01-01T00:00:01Z");
        assertThat(json.path("preread").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(json.path("cpu_stats").path("cpu_usage").path("total_usage").asLong()).isEqualTo(2000);
        assertThat(json.path("precpu_stats").path("cpu_usage").path("total_usage").asLong()).isEqualTo(1000);
        assertThat(json.path("cpu_stats").path("system_cpu_usage").asLong()).isEqualTo(60_000);
        assertThat(json.path("cpu_stats").path("online_cpus").asInt()).isEqualTo(2);
        assertThat(json.path("memory_stats").path("limit").asLong()).isEqualTo(64 << 20);
        assertThat(json.path("memory_stats").path("stats").path("total_inactive_file").asLong()).isEqualTo(4096);
        assertThat(json.path("pids_stats").path("current").asLong()).isEqualTo(3);
        assertThat(json.path("pids_stats").path("limit").asLong()).isEqualTo(100);
        assertThat(json.path("blkio_stats").path("io_service_bytes_recursive").get(0).path("op").asText()).isEqualTo("read");
        assertThat(json.has("networks")).as("omitted without interfaces, as Go's omitempty").isFalse();

        JsonNode stopped = Json.MAPPER.valueToTree(StatsMapper.line(new StatsService.Sample("abc", "/web", null), null));
        assertThat(stopped.path("read").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(stopped.path("memory_stats").size()).isZero();
    }
}
