package dev.thaw.cli;

import dev.thaw.data.fetch.Catalogue;
import dev.thaw.data.fetch.FetchException;
import dev.thaw.data.fetch.Fetcher;
import dev.thaw.data.io.DatasetSummary;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code thaw data}: fetch public datasets and describe dataset folders. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Fetch and inspect datasets.",
        subcommands = {DataCommand.Fetch.class, DataCommand.Info.class})
public final class DataCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs a step, turning a data or fetch error into one line on stderr and exit code 1. */
    static int reportingErrors(CommandSpec spec, Callable<Integer> step) throws Exception {
        try {
            return step.call();
        } catch (IllegalArgumentException | FetchException | UncheckedIOException e) {
            spec.commandLine().getErr().println("thaw: " + e.getMessage());
            return 1;
        }
    }

    /** {@code thaw data fetch NAME --into DIR}. */
    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Download a public dataset, verify its checksums and unpack it (ml-100k, ml-1m, amazon-cdr).")
    static final class Fetch implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "dataset name: ml-100k, ml-1m or amazon-cdr")
        String name;

        @Option(names = "--into", paramLabel = "DIR", defaultValue = "data", description = "target folder (default: ${DEFAULT-VALUE})")
        Path into;

        @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
                description = "give up connecting after this many seconds (default: ${DEFAULT-VALUE})")
        int connectTimeoutSeconds;

        @Override
        public Integer call() throws Exception {
            return reportingErrors(spec, () -> {
                Path folder = new Fetcher(Duration.ofSeconds(connectTimeoutSeconds)).fetch(Catalogue.named(name), into);
                spec.commandLine().getOut().println(name + " is ready in " + folder);
                return 0;
            });
        }
    }

    /** {@code thaw data info DIR}. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print the counts of the datasets in a folder (or in its subfolders).")
    static final class Info implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "a dataset folder, or a folder of them")
        Path dir;

        @Override
        public Integer call() throws Exception {
            return reportingErrors(spec, () -> {
                DatasetSummary.describe(dir).forEach(spec.commandLine().getOut()::println);
                return 0;
            });
        }
    }
}
