package dev.thaw.data.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        Map<State, Map<String, List<MovieRating>>> states = new EnumMap<>(State.class);
        for (State s : State.values()) {
            Path x = s == State.WARM ? DataFiles.require(dir, "warm_state.json", "warm_state.reconstructed.json")
                    : DataFiles.require(dir, s.fileStem() + ".json");
            Path y = DataFiles.require(dir, s.fileStem() + "_y.json");
            states.put(s, align(x, readLists(x, false), y, readLists(y, true)));
        }
        return new MeluStates(states);
    }

    private static Map<String, List<MovieRating>> align(Path xFile, Map<String, List<String>> x, Path yFile,
                                                       Map<String, List<String>> y) {
        Map<String, List<MovieRating>> users = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : x.entrySet()) {
            String user = e.getKey();
            List<String> ratings = y.get(user);
            if (ratings == null) {
                throw new DataFormatException(yFile.toString(), 0, Problem.CONFLICT,
                        "user '" + user + "' of " + xFile + " has no ratings here");
            }
            if (ratings.size() != e.getValue().size()) {
                throw new DataFormatException(yFile.toString(), 0, Problem.CONFLICT, "user '" + user + "' has "
                        + ratings.size() + " ratings here but " + e.getValue().size() + " movies in " + xFile);
            }
            List<MovieRating> list = new ArrayList<>(ratings.size());
            for (int i = 0; i < ratings.size(); i++) {
                list.add(new MovieRating(e.getValue().get(i), Integer.parseInt(ratings.get(i))));
            }
            users.put(user, Collections.unmodifiableList(list));
        }
        if (y.size() != x.size()) {
            String extra = y.keySet().stream().filter(u -> !x.containsKey(u)).findFirst().orElseThrow();
            throw new DataFormatException(yFile.toString(), 0, Problem.CONFLICT,
                    "user '" + extra + "' has ratings here but no movies in " + xFile);
        }
        return Collections.unmodifiableMap(users);
    }

    /** A JSON object of arrays: movie ids (strings or integers) or, for ratings, integers 1-5. */
    private static Map<String, List<String>> readLists(Path path, boolean ratings) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (DataFiles.HashingStream in = DataFiles.open(path); JsonParser p = JSON.createParser(in)) {
            expect(p, p.nextToken() == JsonToken.START_OBJECT, path, "a JSON object {\"user\": [...]}");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String user = p.currentName();
                expect(p, p.nextToken() == JsonToken.START_ARRAY, path, "an array for user '" + user + "'");
                List<String> values = new ArrayList<>();
                for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
                    values.add(ratings ? rating(p, t, path, user) : movieId(p, t, path, user));
                }
                if (out.put(user, values) != null) {
                    throw jsonError(p, path, Problem.DUPLICATE_ID, "user '" + user + "' appears twice");
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
        if (out.isEmpty()) {
            throw new DataFormatException(path.toString(), 0, Problem.EMPTY_FILE, "the JSON object has no users");
        }
        return out;
    }

    private static String movieId(JsonParser p, JsonToken t, Path path, String user) throws IOException {
        if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) {
            throw jsonError(p, path, Problem.BAD_JSON, "user '" + user + "': expected a movie id, found " + t);
        }
        return p.getText();
    }

    private static String rating(JsonParser p, JsonToken t, Path path, String user) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw jsonError(p, path, Problem.NOT_A_NUMBER, "user '" + user + "': expected a rating, found " + t);
        }
        double r = p.getDoubleValue();
        if (r != Math.rint(r) || r < 1 || r > 5) {
            throw jsonError(p, path, Problem.OUT_OF_RANGE, "user '" + user + "': rating " + p.getText()
                    + " is not a whole number in [1, 5]");
        }
        return Integer.toString((int) r);
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
}
