package dev.berth.runtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests against real runc + conmon: a busybox root filesystem per test class (skipped
 * without root, runc, conmon or busybox) and a fresh {@link RealRuntime} in its own work
 * directory per test, closed after it.
 */
abstract class RealRuntimeTests {
    @TempDir static Path shared;
    static Path rootfs;

    @TempDir Path work;
    RealRuntime rt;

    @BeforeAll
    static void rootfs() throws Exception {
        assumeTrue(BusyboxRootfs.available(), "needs root, runc, conmon and busybox");
        rootfs = BusyboxRootfs.create(shared.resolve("rootfs"));
    }

    @BeforeEach
    void setUpRuntime() {
        rt = new RealRuntime(work, rootfs);
    }

    @AfterEach
    void closeRuntime() {
        rt.close();
    }
}
