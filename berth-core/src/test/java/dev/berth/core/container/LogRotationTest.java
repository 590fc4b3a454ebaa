package dev.berth.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Option values, read at start as dockerd does, with its messages. */
class LogRotationTest {
    private static LogRotation of(String type, Map<String, String> opts) {
        return LogRotation.of(new LogConfig(type, opts));
    }

    private static void assertFails(String type, Map<String, String> opts, String why) {
        assertThatThrownBy(() -> of(type, opts)).isInstanceOf(BerthException.Internal.class)
            .hasMessage("failed to initialize logging driver: " + why);
    }

    @Test
    void jsonFileSizesAreDecimal() {
        assertThat(of("json-file", Map.of("max-size", "10k", "max-file", "3"))).isEqualTo(new LogRotation(10_000, 3));
        assertThat(of("json-file", Map.of("max-size", "1.5MB"))).isEqualTo(new LogRotation(1_500_000, 1));
        assertThat(of("json-file", Map.of("max-file", "3")).rotates()).isFalse(); // dockerd ignores max-file without max-size
        assertThat(LogRotation.of(null)).isEqualTo(LogRotation.NONE);
        assertThat(of("none", Map.of())).isEqualTo(LogRotation.NONE);
    }

    @Test
    void localHasDockerdsDefaultsAndBinarySizes() {
        assertThat(of("local", Map.of())).isEqualTo(new LogRotation(20L << 20, 5));
        assertThat(of("local", Map.of("max-size", "10k", "max-file", "2"))).isEqualTo(new LogRotation(10_240, 2));
    }

    @Test
    void invalidValuesFailTheStart() {
        assertFails("json-file", Map.of("max-size", "abc"), "invalid size: 'abc'");
        assertFails("json-file", Map.of("max-size", "-1"), "invalid size: '-1'");
        assertFails("json-file", Map.of("max-size", "0"), "max-size must be a positive number");
        assertFails("json-file", Map.of("max-file", "0"), "max-file cannot be less than 1");
        assertFails("json-file", Map.of("max-size", "1k", "max-file", "x"), "strconv.Atoi: parsing \"x\": invalid syntax");
        assertFails("json-file", Map.of("compress", "x"), "strconv.ParseBool: parsing \"x\": invalid syntax");
        assertFails("json-file", Map.of("compress", "true", "max-size", "1k"),
            "compress cannot be true when max-file is less than 2 or max-size is not set");
        assertFails("local", Map.of("max-size", "x"), "invalid value for max-size: x: invalid size: 'x'");
        assertFails("local", Map.of("max-file", "x"), "invalid value for max-file: x: strconv.Atoi: parsing \"x\": invalid syntax");
        assertFails("local", Map.of("max-file", "-1"), "max file count cannot be less than 0");
        assertFails("local", Map.of("max-file", "0"), "compression cannot be enabled when max file count is 1");
        assertFails("local", Map.of("compress", "x"), "error reading compress log option: strconv.ParseBool: parsing \"x\": invalid syntax");
    }

    @Test
    void theWriterIsLimitedOnlyWhenItKeepsOneFile() {
        assertThat(new LogRotation(10_000, 1).supervisorLimit()).isEqualTo(10_000);
        assertThat(new LogRotation(10_000, 3).supervisorLimit()).isZero(); // the daemon rotates
        assertThat(LogRotation.NONE.supervisorLimit()).isZero();
    }
}
