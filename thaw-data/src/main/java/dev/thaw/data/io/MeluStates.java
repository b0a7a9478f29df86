package dev.thaw.data.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.thaw.data.IdMap;
import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * MeLU's four state splits of MovieLens-1M: per state, each user's rated movies in MeLU's order,
 * read from {@code <state>.json} ({@code {"user": ["movie", ...]}}) and {@code <state>_y.json}
 * ({@code {"user": [rating, ...]}}), aligned by position. Users keep file order. Movie ids are
 * MeLU's (860 and 1795 already mapped to 811 and 1741, so a few users list a movie twice).
 *
 * @param byState each state's users, each with its aligned (movie, rating) list
 */
public record MeluStates(Map<State, Map<String, List<MovieRating>>> byState) {
    private static final JsonFactory JSON = new JsonFactory();

    /** The four scenarios of MeLU's protocol. */
    public enum State {
        WARM("warm_state"), USER_COLD("user_cold_state"), ITEM_COLD("item_cold_state"),
        USER_AND_ITEM_COLD("user_and_item_cold_state");

        private final String fileStem;

        State(String fileStem) {
            this.fileStem = fileStem;
        }

        /** The file name without {@code .json}, e.g. {@code warm_state}. */
        public String fileStem() {
            return fileStem;
        }
    }

    /** One rating of a user in a state. */
    public record MovieRating(String movieId, int rating) {
    }

    public MeluStates {
        byState = Collections.unmodifiableMap(new EnumMap<>(byState));
    }

    /** The users of a state, in file order, each with their (movie, rating) list. */
    public Map<String, List<MovieRating>> users(State state) {
        return byState.get(state);
    }

    /** Number of (user, movie, rating) entries in a state. */
    public long pairCount(State state) {
        return users(state).values().stream().mapToLong(List::size).sum();
    }

    /**
     * Reads the four states from a folder (files optionally gzipped). For the warm state,
     * {@code warm_state.json} is used when present, else {@code warm_state.reconstructed.json}.
     */
    public static MeluStates read(Path dir) {
        IdMap.Builder movies = IdMap.builder();
        Map<State, IntLists> xs = new EnumMap<>(State.class);
        Map<State, IntLists> ys = new EnumMap<>(State.class);
        for (State s : State.values()) {
            Path x = s == State.WARM ? DataFiles.require(dir, "warm_state.json", "warm_state.reconstructed.json")
                    : DataFiles.require(dir, s.fileStem() + ".json");
            Path y = DataFiles.require(dir, s.fileStem() + "_y.json");
            xs.put(s, readLists(x, (p, t, user) -> movieId(p, t, x, user, movies)));
            ys.put(s, readLists(y, (p, t, user) -> rating(p, t, y, user)));
            checkAligned(xs.get(s), ys.get(s));
        }
        List<String> movieIds = movies.build().rawIds();
        Map<State, Map<String, List<MovieRating>>> states = new EnumMap<>(State.class);
        xs.forEach((s, x) -> states.put(s, align(x, ys.get(s), movieIds)));
        return new MeluStates(states);
    }

    /** Fails unless both files have the same users with lists of the same lengths. */
    private static void checkAligned(IntLists x, IntLists y) {
        x.rowOf().forEach((user, row) -> {
            Integer yRow = y.rowOf().get(user);
            if (yRow == null) {
                throw y.error("user '" + user + "' of " + x.path() + " has no ratings here");
            }
            if (y.size(yRow) != x.size(row)) {
                throw y.error("user '" + user + "' has " + y.size(yRow) + " ratings here but " + x.size(row)
                        + " movies in " + x.path());
            }
        });
        if (y.rowOf().size() != x.rowOf().size()) {
            String extra = y.rowOf().keySet().stream().filter(u -> !x.rowOf().containsKey(u)).findFirst().orElseThrow();
            throw y.error("user '" + extra + "' has ratings here but no movies in " + x.path());
        }
    }

    /** Each user's (movie, rating) list, in the order of {@code x}; the files were checked to align. */
    private static Map<String, List<MovieRating>> align(IntLists x, IntLists y, List<String> movieIds) {
        Map<String, List<MovieRating>> users = new LinkedHashMap<>();
        x.rowOf().forEach((user, row) -> users.put(user, new RatingList(movieIds, x, row, y, y.rowOf().get(user))));
        return Collections.unmodifiableMap(users);
    }

    /** Reads one array element as an int, or throws a {@link DataFormatException}. */
    @FunctionalInterface
    private interface ElementReader {
        int read(JsonParser p, JsonToken t, String user) throws IOException;
    }

    /**
     * A JSON object of arrays, {@code {"user": [v, ...]}}, as one int per element (movie codes or
     * ratings) with each user's range.
     *
     * @param path   the file
     * @param rowOf  each user's row, in file order
     * @param start  row r spans {@code values[start[r] .. start[r + 1])}
     * @param values the elements
     */
    private record IntLists(Path path, Map<String, Integer> rowOf, int[] start, int[] values) {
        int size(int row) {
            return start[row + 1] - start[row];
        }

        DataFormatException error(String detail) {
            return new DataFormatException(path.toString(), 0, Problem.CONFLICT, detail);
        }
    }

    private static IntLists readLists(Path path, ElementReader element) {
        Map<String, Integer> rowOf = new LinkedHashMap<>();
        IntArray start = new IntArray();
        IntArray values = new IntArray();
        try (DataFiles.HashingStream in = DataFiles.open(path); JsonParser p = JSON.createParser(in)) {
            expect(p, p.nextToken() == JsonToken.START_OBJECT, path, "a JSON object {\"user\": [...]}");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String user = p.currentName();
                expect(p, p.nextToken() == JsonToken.START_ARRAY, path, "an array for user '" + user + "'");
                if (rowOf.putIfAbsent(user, start.size()) != null) {
                    throw jsonError(p, path, Problem.DUPLICATE_ID, "user '" + user + "' appears twice");
                }
                start.add(values.size());
                for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
                    values.add(element.read(p, t, user));
                }
            }
            expect(p, p.currentToken() == JsonToken.END_OBJECT, path, "the end of the object");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new DataFormatException(path.toString(), at == null ? 0 : at.getLineNr(), Problem.BAD_JSON,
                    (at == null ? "" : "column " + at.getColumnNr() + ": ") + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DataFormatException(path.toString(), 0, Problem.CORRUPT_FILE,
                    "the data ends abruptly or is corrupt (" + e.getMessage() + "); is the gzip file truncated?");
        }
        if (rowOf.isEmpty()) {
            throw new DataFormatException(path.toString(), 0, Problem.EMPTY_FILE, "the JSON object has no users");
        }
        start.add(values.size());
        return new IntLists(path, rowOf, start.toArray(), values.toArray());
    }

    /** The code in {@code movies} of a movie id (a string or an integer), added when new. */
    private static int movieId(JsonParser p, JsonToken t, Path path, String user, IdMap.Builder movies)
            throws IOException {
        if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) {
            throw jsonError(p, path, Problem.BAD_JSON, "user '" + user + "': expected a movie id, found " + t);
        }
        int number = IdMap.numberOf(CharBuffer.wrap(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()));
        int code = number < 0 ? -1 : movies.indexOfNumber(number);
        return code >= 0 ? code : movies.add(p.getText());
    }

    private static int rating(JsonParser p, JsonToken t, Path path, String user) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw jsonError(p, path, Problem.NOT_A_NUMBER, "user '" + user + "': expected a rating, found " + t);
        }
        double r = p.getDoubleValue();
        if (r != Math.rint(r) || r < 1 || r > 5) {
            throw jsonError(p, path, Problem.OUT_OF_RANGE, "user '" + user + "': rating " + p.getText()
                    + " is not a whole number in [1, 5]");
        }
        return (int) r;
    }

    private static void expect(JsonParser p, boolean ok, Path path, String what) {
        if (!ok) {
            throw jsonError(p, path, Problem.BAD_JSON, "expected " + what + ", found " + p.currentToken());
        }
    }

    private static DataFormatException jsonError(JsonParser p, Path path, Problem problem, String detail) {
        JsonLocation at = p.currentLocation();
        return new DataFormatException(path.toString(), at.getLineNr(), problem,
                "column " + at.getColumnNr() + ": " + detail);
    }

    /** One user's aligned (movie, rating) list, a view over the parsed columns. */
    private static final class RatingList extends AbstractList<MovieRating> implements RandomAccess {
        private final List<String> movieIds;
        private final int[] movies;
        private final int[] ratings;
        private final int movieFrom;
        private final int ratingFrom;
        private final int size;

        RatingList(List<String> movieIds, IntLists x, int xRow, IntLists y, int yRow) {
            this.movieIds = movieIds;
            this.movies = x.values();
            this.ratings = y.values();
            this.movieFrom = x.start()[xRow];
            this.ratingFrom = y.start()[yRow];
            this.size = x.size(xRow);
        }

        @Override
        public MovieRating get(int i) {
            Objects.checkIndex(i, size);
            return new MovieRating(movieIds.get(movies[movieFrom + i]), ratings[ratingFrom + i]);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
