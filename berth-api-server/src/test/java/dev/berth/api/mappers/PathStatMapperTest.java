package dev.berth.api.mappers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.container.PathStat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PathStatMapperTest {

    @Test
    void goFileModesAsDockerdSendsThem() {
        // values captured from dockerd 20.10's X-Docker-Container-Path-Stat
        assertThat(PathStatMapper.goFileMode(0100644)).isEqualTo(420);
        assertThat(PathStatMapper.goFileMode(0040755)).isEqualTo(2147484141L);
        assertThat(PathStatMapper.goFileMode(0120777)).isEqualTo(134218239L);
        assertThat(PathStatMapper.goFileMode(0020666)).isEqualTo((1L << 26) | (1L << 21) | 0666);
        assertThat(PathStatMapper.goFileMode(0104755)).isEqualTo((1L << 23) | 0755);
        assertThat(PathStatMapper.goFileMode(0041777)).isEqualTo((1L << 31) | (1L << 20) | 0777);
    }

    @Test
    void headerIsBase64OfGosJson() {
        var stat = new PathStat("passwd", 30, 0100644, Instant.parse("2026-11-22T05:56:58Z"), "");
        String json = new String(Base64.getDecoder().decode(PathStatMapper.header(stat)), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"name\":\"passwd\",\"size\":30,\"mode\":420,\"mtime\":\"2026-11-22T05:56:58Z\",\"linkTarget\":\"\"}");
    }
}
