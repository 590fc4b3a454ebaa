package dev.berth.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KernelFilesTest {
    @Test
    void sysctlValuesAreReadWhole() throws Exception {
        // cap_last_cap is 30-something or 40 on any kernel Berth runs on: never a single digit
        String last = KernelFiles.read(Path.of("/proc/sys/kernel/cap_last_cap")).strip();
        assertThat(Integer.parseInt(last)).isGreaterThanOrEqualTo(30);
    }
}
