package dev.berth.it;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a {@link ReferenceDockerd} for a test class and always stops it afterwards, failed test or
 * not; the class is skipped where {@link ReferenceDockerd#start} assumes it cannot run. Starting
 * dockerd takes seconds, so there is one per class, not per test.
 *
 * <pre>{@code
 * @RegisterExtension static final ReferenceDockerdExtension dockerd = new ReferenceDockerdExtension();
 * @Test void works() { dockerd.docker().ok("version"); }
 * }</pre>
 */
public final class ReferenceDockerdExtension implements BeforeAllCallback, AfterAllCallback {
    private ReferenceDockerd dockerd;

    @Override
    public void beforeAll(ExtensionContext context) {
        dockerd = ReferenceDockerd.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (dockerd != null) {
            try {
                dockerd.close();
            } finally {
                dockerd = null;
            }
        }
    }

    public ReferenceDockerd dockerd() {
        if (dockerd == null) throw new IllegalStateException("the reference dockerd runs only while the test class does");
        return dockerd;
    }

    public DockerCli docker() { return dockerd().docker(); }
}
