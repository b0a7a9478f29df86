package dev.thaw.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code thaw} command line. */
@Command(name = "thaw", mixinStandardHelpOptions = true, version = "thaw 0.1.0",
        description = "Recommendation where data is scarce: meta-learning and transfer learning.",
        subcommands = {DemoCommand.class, MeluCommand.class, DataCommand.class, BenchCommand.class,
                RetrievalCommand.class})
public final class ThawCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: user errors become one line on stderr, never a stack trace. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ThawCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("thaw: " + oneLine(e));
            return 2;
        });
        return cli;
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return message.replace('\n', ' ');
    }
}
