package dev.thaw.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code thaw} command line. */
@Command(name = "thaw", mixinStandardHelpOptions = true, version = "thaw 0.1.0", subcommands = {DataCommand.class},
        description = "Recommendation where data is scarce: meta-learning and transfer learning.")
public final class ThawCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ThawCommand()).execute(args));
    }
}
