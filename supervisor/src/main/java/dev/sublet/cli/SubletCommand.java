package dev.sublet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command; it holds what every subcommand shares: the environment that names the bus. */
// INHERIT gives every subcommand -h and -V too.
@Command(name = "sublet", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = SubletCommand.Version.class,
        description = "Rootless containers as systemd user services. The containers themselves run through"
                + " 'sublet run' (written into units by sublet-generator); these commands find them on the"
                + " user's D-Bus session bus.",
        subcommands = {PsCommand.class, TopCommand.class, InspectCommand.class, StopCommand.class,
            KillCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class})
final class SubletCommand implements Runnable {

    private final Map<String, String> environment;

    @Spec
    private CommandSpec spec;

    SubletCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    ContainerClient connect() {
        return ContainerClient.connect(environment);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (ps, top, inspect, stop, kill)");
    }

    /** The version Maven wrote into version.properties at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = SubletCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"sublet " + properties.getProperty("version", "(unknown version)")};
        }
    }
}
