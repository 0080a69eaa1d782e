package dev.sublet.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "completion", description = {"Print the bash completion script.",
    "Use: source <(sublet completion), or save it as /usr/share/bash-completion/completions/sublet."})
final class CompletionCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(AutoComplete.bash("sublet", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
