package dev.berth.cli;

import dev.berth.client.EngineClient;
import dev.berth.client.EngineClientException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth}: Berth's own CLI. Speaks the Docker Engine API, like the docker CLI. */
@Command(name = "berth", mixinStandardHelpOptions = true, versionProvider = Main.ClientVersion.class,
    description = "Talk to a Berth (or any Docker-compatible) engine.",
    subcommands = {VersionCommand.class, InfoCommand.class})
public final class Main implements Callable<Integer> {

    @Option(names = {"-H", "--host"}, paramLabel = "ADDRESS", scope = CommandLine.ScopeType.INHERIT,
        description = "Engine to talk to: unix:///path or tcp://host:port (default $BERTH_HOST, $DOCKER_HOST, unix:///run/berth/berth.sock)")
    String host;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof EngineClientException || e instanceof IllegalArgumentException) {
                cmd.getErr().println(e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    EngineClient client() {
        return EngineClient.connect(resolveHost(host));
    }

    static String resolveHost(String flag) {
        if (flag != null && !flag.isBlank()) return flag;
        String env = System.getenv("BERTH_HOST");
        if (env == null || env.isBlank()) env = System.getenv("DOCKER_HOST");
        return env == null || env.isBlank() ? dev.berth.client.EngineAddress.DEFAULT : env;
    }

    static final class ClientVersion implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            return new String[] {"berth client, API " + EngineClient.CLIENT_API_VERSION};
        }
    }
}
