package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The hand-written timestamp parser agrees with java.time on every shape conmon writes. */
class K8sFileLogReaderTimeTest {
    private static void same(String text) {
        byte[] b = ("x" + text + "y").getBytes(StandardCharsets.US_ASCII);
        assertThat(K8sFileLogReader.time(b, 1, b.length - 1)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @Test
    void agreesWithJavaTime() {
        same("2026-11-22T06:31:05.123456789+00:00");
        same("2026-11-22T06:31:05.1+00:00");
        same("2026-11-22T06:31:05+00:00");
        same("2026-11-22T06:31:05.000000001Z");
        same("2024-02-29T23:59:59.999999999-07:30");
        same("1999-12-31T00:00:00.5+14:00");
    }
}
