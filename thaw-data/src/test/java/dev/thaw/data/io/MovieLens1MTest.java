package dev.thaw.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.thaw.data.Interactions;
import dev.thaw.data.RecDataset;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MovieLens-1M layouts on hand-made files. */
class MovieLens1MTest {
    @TempDir
    Path dir;

    @Test
    void originalGzippedRatingsDatIsPreferred() throws IOException {
        writeEntities();
        gzip("ratings.dat.gz", "1::2::5::978300760\r\n2::1::3::978300761\r\n");
        MovieLens1M.Files files = MovieLens1M.Files.in(dir);
        assertInstanceOf(MovieLens1M.OriginalRatings.class, files.ratings());
        Interactions x = MovieLens1M.read(dir).interactions();
        assertEquals(2, x.size());
        assertEquals(978_300_761L, x.timestamp(1));
        assertEquals(true, x.allTimestamped());
    }

    @Test
    void splitLayoutJoinsTimestampsAndLeavesTheRestWithout() throws IOException {
        writeEntities();
        Files.writeString(dir.resolve("ratings.no_timestamp.dat"), "1::1::4\n1::2::5\n2::1::3\n");
        Files.writeString(dir.resolve("ratings.users_0001-2999.dat"), "1::2::5::978300760\n");
        Files.createDirectory(dir.resolve("partial"));
        gzip("partial/ratings.users_3000-6040.timestamped_subset.dat.gz", "2::1::3::978300999\n");
        RecDataset d = MovieLens1M.read(dir);
        Interactions x = d.interactions();
        assertEquals(List.of(Interactions.NO_TIMESTAMP, 978_300_760L, 978_300_999L),
                List.of(x.timestamp(0), x.timestamp(1), x.timestamp(2)));
        assertEquals(List.of("Toy Story (1995)", "Les Misérables (1995)"), d.itemTitles().orElseThrow());
        assertEquals(1995.0, d.itemFeatures().orElseThrow().rows().get(1).get("year"));
        assertEquals(List.of("Drama", "Musical"), d.itemFeatures().orElseThrow().rows().get(1).get("genres"));
    }

    @Test
    void ratingIdsMatchByTextWhetherPlainDigitsOrNot() throws IOException {
        Files.writeString(dir.resolve("users.dat"), "1::F::1::10::48067\n007::M::56::16::70072\n");
        Files.writeString(dir.resolve("movies.dat"), "1::Toy Story (1995)::Animation\n2::Heat (1995)::Action\n");
        Files.writeString(dir.resolve("ratings.dat"), "1::2::5::978300760\n007:: 1 ::3::1995-01-01\n");
        Interactions x = MovieLens1M.read(dir).interactions();
        assertEquals(List.of(0, 1), List.of(x.user(0), x.user(1)));
        assertEquals(List.of(1, 0), List.of(x.item(0), x.item(1)));
        assertEquals(788_918_400L, x.timestamp(1));

        Files.writeString(dir.resolve("ratings.dat"), "1::2::5::978300760\n7::1::3::978300761\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> MovieLens1M.read(dir));
        assertEquals(Problem.UNKNOWN_USER, e.problem());
        assertEquals(2L, e.line());
    }

    private void writeEntities() throws IOException {
        Files.writeString(dir.resolve("users.dat"), "1::F::1::10::48067\n2::M::56::16::70072\n");
        Files.write(dir.resolve("movies.dat"), ("1::Toy Story (1995)::Animation|Children's|Comedy\n"
                + "2::Les Mis\u00e9rables (1995)::Drama|Musical\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    private void gzip(String name, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(name)))) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
