package dev.berth.daemon;

import dev.berth.common.error.BerthException;
import dev.berth.daemon.config.DaemonConfig;
import dev.berth.daemon.config.DaemonConfigFileReader;
import dev.berth.daemon.config.DaemonConfigResolver;
import dev.berth.daemon.config.DaemonFlags;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * berthd's entry point: parse flags, merge {@code daemon.json}, lock the data root, serve the API
 * until SIGTERM or SIGINT, then shut down cleanly from a shutdown hook. Exit 1 when it cannot
 * start, 2 on a bad command line.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);
    static final int RUNNING = -1;

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        int rc = run(args, stopped);
        if (rc != RUNNING) System.exit(rc);
        // the daemon lives on Netty's threads; main just waits for the shutdown hook
        stopped.await();
    }

    static int run(String[] args, CountDownLatch stopped) {
        DaemonCommand command = new DaemonCommand();
        CommandLine cli = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
        try {
            cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println("berthd: " + e.getMessage());
            System.err.println("See 'berthd --help'.");
            return 2;
        }
        if (cli.isUsageHelpRequested()) {
            cli.usage(new PrintWriter(System.out, true));
            return 0;
        }
        if (cli.isVersionHelpRequested()) {
            cli.printVersionHelp(new PrintWriter(System.out, true));
            return 0;
        }
        DaemonConfig config;
        try {
            config = configure(command.toFlags(), command.network.toFlags());
        } catch (BerthException e) {
            log.error("failed to start daemon: {}", e.getMessage());
            return 1;
        }
        Logging.configure(config.logLevel());
        log.debug("configuration: {}", config);
        Daemon daemon = new Daemon(config);
        // registered before start so that a signal during startup still releases what was taken
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "berthd-shutdown"));
        try {
            daemon.start();
        } catch (RuntimeException e) {
            if (e instanceof BerthException) {
                log.error("failed to start daemon: {}", e.getMessage());
            } else {
                log.error("failed to start daemon: {}", e.toString(), e);
            }
            daemon.close();
            return 1;
        }
        return RUNNING;
    }

    static DaemonConfig configure(DaemonFlags flags) {
        return configure(flags, dev.berth.daemon.config.NetworkFlags.NONE);
    }

    static DaemonConfig configure(DaemonFlags flags, dev.berth.daemon.config.NetworkFlags networkFlags) {
        var file = DaemonConfigResolver.configFile(flags);
        var parsed = DaemonConfigFileReader.read(file, flags.configFile() != null);
        return new DaemonConfigResolver(DaemonConfigResolver.Host.system()).resolve(flags, networkFlags, parsed);
    }
}
