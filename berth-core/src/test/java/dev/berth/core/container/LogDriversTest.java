package dev.berth.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The create-time check of log drivers and options; messages as dockerd 20.10 words them. */
class LogDriversTest {
    private static LogConfig resolve(String type, Map<String, String> opts) {
        return LogDrivers.resolve(new LogConfig(type, opts), LogConfig.DEFAULT);
    }

    private static void assertInvalid(String type, Map<String, String> opts, String message) {
        assertThatThrownBy(() -> resolve(type, opts)).isInstanceOf(BerthException.InvalidArgument.class).hasMessage(message);
    }

    @Test
    void withoutADriverTheDaemonsDefaultApplies() {
        assertThat(LogDrivers.resolve(null, LogConfig.DEFAULT)).isEqualTo(new LogConfig("json-file", Map.of()));
        var daemon = new LogConfig("local", Map.of("max-size", "1m", "max-file", "2"));
        assertThat(LogDrivers.resolve(new LogConfig("", Map.of("max-file", "4")), daemon))
            .isEqualTo(new LogConfig("local", Map.of("max-size", "1m", "max-file", "4")));
        // the daemon's options are for its own driver only
        assertThat(LogDrivers.resolve(new LogConfig("json-file", Map.of()), daemon)).isEqualTo(LogConfig.DEFAULT);
    }

    @Test
    void optionsAreKeptAsGiven() {
        assertThat(resolve("json-file", Map.of("max-size", "abc", "max-file", "3", "tag", "x")).config())
            .containsExactly(Map.entry("max-file", "3"), Map.entry("max-size", "abc"), Map.entry("tag", "x"));
        assertThat(resolve("none", Map.of("anything", "x")).type()).isEqualTo("none");
    }

    @Test
    void unknownDriversAndOptionsAreRejected() {
        assertInvalid("foo", Map.of(), "error looking up logging plugin foo: plugin \"foo\" not found");
        assertInvalid("json-file", Map.of("foo", "bar"), "unknown log opt 'foo' for json-file log driver");
        assertInvalid("local", Map.of("tag", "x"), "unknown log opt 'tag' for log driver local");
        assertInvalid("json-file", Map.of("mode", "x"), "logger: logging mode not supported: x");
        assertInvalid("json-file", Map.of("max-buffer-size", "1m"),
            "logger: max-buffer-size option is only supported with 'mode=non-blocking'");
        assertInvalid("json-file", Map.of("mode", "non-blocking", "max-buffer-size", "x"),
            "error parsing option max-buffer-size: invalid size: 'x'");
        assertThatThrownBy(() -> resolve("syslog", Map.of())).hasMessageContaining("not supported by Berth");
    }

    @Test
    void cacheAndModeOptionsAreAccepted() {
        resolve("json-file", Map.of("cache-disabled", "true", "mode", "non-blocking", "max-buffer-size", "4m"));
    }
}
