package dev.berth.it;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a {@link BerthDaemonProcess} for a test class ({@code @RegisterExtension static}) or for
 * each test (instance field), and always stops and cleans it up afterwards, failed test or not.
 *
 * <pre>{@code
 * @RegisterExtension static BerthDaemonExtension berth = new BerthDaemonExtension();
 * @Test void works() { berth.docker().ok("version"); }
 * }</pre>
 */
public final class BerthDaemonExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    private final UnaryOperator<BerthDaemonProcess.Builder> options;
    private BerthDaemonProcess daemon;
    private boolean perClass;

    public BerthDaemonExtension() {
        this(b -> b);
    }

    /** With options, e.g. {@code b -> b.args("--debug")}. */
    public BerthDaemonExtension(UnaryOperator<BerthDaemonProcess.Builder> options) {
        this.options = options;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        daemon = options.apply(BerthDaemonProcess.builder()).start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (daemon == null) daemon = options.apply(BerthDaemonProcess.builder()).start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) stop();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    private void stop() {
        if (daemon != null) {
            try {
                daemon.close();
            } finally {
                daemon = null;
            }
        }
    }

    public BerthDaemonProcess daemon() {
        if (daemon == null) throw new IllegalStateException("berthd is not running (outside a test?)");
        return daemon;
    }

    public DockerCli docker() { return daemon().docker(); }
}
