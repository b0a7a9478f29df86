package dev.thaw.data.io;

import dev.thaw.data.CrossDomainPair;
import dev.thaw.data.Interactions;
import dev.thaw.data.RecDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Recognises the datasets in a folder (ML-1M, ML-100K, MeLU states, DisenCDR Amazon pairs, or a
 * folder holding several of them) and describes each in one line of counts.
 */
public final class DatasetSummary {
    private DatasetSummary() {
    }

    /** One line per dataset found in {@code dir} or its direct subfolders; an error when there is none. */
    public static List<String> describe(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new MissingFileException("not a folder: " + dir);
        }
        List<String> lines = new ArrayList<>(describeOne(dir));
        if (lines.isEmpty()) {
            for (Path sub : subfolders(dir)) {
                lines.addAll(describeOne(sub));
            }
        }
        if (lines.isEmpty()) {
            throw new MissingFileException("no known dataset in " + dir
                    + " (looked for ML-1M, ML-100K, MeLU states and DisenCDR Amazon folders)");
        }
        return lines;
    }

    private static List<String> describeOne(Path dir) {
        if (DataFiles.find(dir, "users.dat").isPresent() && DataFiles.find(dir, "movies.dat").isPresent()) {
            return List.of(ratings(dir, MovieLens1M.read(dir)));
        }
        if (DataFiles.find(dir, "u.data").isPresent()) {
            return List.of(ratings(dir, MovieLens100K.read(dir)));
        }
        if (DataFiles.find(dir, "warm_state_y.json").isPresent()) {
            return List.of(melu(dir, MeluStates.read(dir)));
        }
        return amazonPairs(dir);
    }

    private static String ratings(Path dir, RecDataset d) {
        Interactions x = d.interactions();
        long timestamped = 0;
        for (int r = 0; r < x.size(); r++) {
            if (x.timestamp(r) != Interactions.NO_TIMESTAMP) {
                timestamped++;
            }
        }
        return String.format(Locale.ROOT, "%s: %s: %,d interactions, %,d users, %,d items (%,d with interactions),"
                        + " %.1f%% timestamped", dir, d.name(), x.size(), x.users().size(), x.items().size(),
                x.distinctItems(), 100.0 * timestamped / x.size());
    }

    private static String melu(Path dir, MeluStates states) {
        StringBuilder s = new StringBuilder(dir + ": MeLU states:");
        for (MeluStates.State state : MeluStates.State.values()) {
            s.append(String.format(Locale.ROOT, " %s %,d users / %,d ratings;", state.fileStem(),
                    states.users(state).size(), states.pairCount(state)));
        }
        return s.substring(0, s.length() - 1);
    }

    /** Pairs of subfolders X_Y and Y_X that both hold train.txt, each pair described once. */
    private static List<String> amazonPairs(Path dir) {
        List<String> lines = new ArrayList<>();
        for (Path xDir : subfolders(dir)) {
            String[] parts = xDir.getFileName().toString().split("_");
            Path yDir = dir.resolve(parts.length == 2 ? parts[1] + "_" + parts[0] : "");
            if (parts.length == 2 && parts[0].compareTo(parts[1]) < 0 && DataFiles.find(xDir, "train.txt").isPresent()
                    && DataFiles.find(yDir, "train.txt").isPresent()) {
                CrossDomainPair p = AmazonCrossDomain.read(xDir, yDir, Leniency.STRICT).value();
                lines.add(String.format(Locale.ROOT, "%s: cross-domain %s/%s: %,d shared users; %s; %s", xDir,
                        p.x().name(), p.y().name(), p.users().size(), domain(p.x()), domain(p.y())));
            }
        }
        return lines;
    }

    private static String domain(CrossDomainPair.Domain d) {
        return String.format(Locale.ROOT, "%s %,d train rows, %,d items (%,d in train), %,d test users", d.name(),
                d.train().size(), d.items().size(), d.train().distinctItems(), d.test().size());
    }

    private static List<Path> subfolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
