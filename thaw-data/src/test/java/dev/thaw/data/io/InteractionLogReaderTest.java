package dev.thaw.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.Interactions;
import dev.thaw.data.RecDataset;
import dev.thaw.data.io.FeatureFormat.Column;
import dev.thaw.data.io.InteractionLogReader.FeatureFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InteractionLogReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsRatingsTimestampsQuotesAndFeatureTables() throws IOException {
        Path log = write("log.tsv", "who\twhat\tstars\twhen\textra\n"
                + "alice\t\"Heat\tDirector's cut\"\t4.5\t2000-12-31T22:12:40Z\tx\n"
                + "bob\tHeat\t3\t978300760\ty\n"
                + "alice\tHeat\t5\t\tz\n");
        Path items = write("items.csv", "id,genres,year,studio\n"
                + "Heat,Crime|Drama,1995,\"Warner, Inc.\"\n"
                + "Ronin,Action,,\n");
        LogFormat format = LogFormat.tsv("who", "what").withRating("stars", 0.5, 5).withTimestamp("when");
        FeatureFormat itemFormat = FeatureFormat.csv("id", Column.multi("genres", "|"), Column.numeric("year"),
                Column.categorical("studio"));
        RecDataset d = InteractionLogReader.read(log, format, Optional.empty(),
                Optional.of(new FeatureFile(items, itemFormat)), Leniency.STRICT).value();
        Interactions x = d.interactions();
        assertEquals(3, x.size());
        assertEquals(List.of("alice", "bob"), x.users().rawIds());
        assertEquals(List.of("Heat\tDirector's cut", "Heat", "Ronin"), x.items().rawIds(), "Ronin: features only");
        assertEquals(4.5f, x.value(0));
        assertEquals(978_300_760L, x.timestamp(0));
        assertEquals(978_300_760L, x.timestamp(1));
        assertEquals(Interactions.NO_TIMESTAMP, x.timestamp(2));
        FeatureTable f = d.itemFeatures().orElseThrow();
        assertEquals(Map.of("genres", List.of(), "year", Double.NaN), f.rows().get(0), "no feature row");
        assertEquals(Map.of("genres", List.of("Crime", "Drama"), "year", 1995.0, "studio", "Warner, Inc."),
                f.rows().get(1));
        assertEquals(Map.of("genres", List.of("Action"), "year", Double.NaN), f.rows().get(2));
    }

    @Test
    void implicitLogsDefaultToOneAndGzipIsDetectedByContent() throws IOException {
        Path log = dir.resolve("clicks.csv");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(log))) {
            out.write("user,item\nu1,i1\nu1,i2\nu2,i1\n".getBytes(StandardCharsets.UTF_8));
        }
        Interactions x = InteractionLogReader.read(log, LogFormat.csv("user", "item")).interactions();
        assertEquals(3, x.size());
        assertEquals(1f, x.value(2));
        assertEquals(2, x.distinctItems());
    }

    @Test
    void latin1LogsDecodeWithTheConfiguredCharset() throws IOException {
        Path log = dir.resolve("latin1.csv");
        Files.write(log, "user,item\nu1,Mis\u00e9rables\n".getBytes(StandardCharsets.ISO_8859_1));
        LogFormat format = LogFormat.csv("user", "item").withCharset("ISO-8859-1");
        assertEquals("Misérables", InteractionLogReader.read(log, format).interactions().items().raw(0));
    }

    @Test
    void unknownEncodingNamesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogFormat.csv("user", "item").withCharset("klingon-8"));
        assertEquals("unknown encoding 'klingon-8'; use e.g. UTF-8 or ISO-8859-1", e.getMessage());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
