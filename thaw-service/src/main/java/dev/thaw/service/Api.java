package dev.thaw.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.thaw.models.serving.ServingCatalogue;
import dev.thaw.models.serving.ServingCatalogue.CatalogueItem;
import dev.thaw.service.model.LoadedModel;
import dev.thaw.service.model.ModelLoadException;
import dev.thaw.service.model.ModelLoader;
import dev.thaw.service.model.ServingModel.UserField;
import dev.thaw.service.store.FeedbackStore;
import dev.thaw.service.store.FeedbackStore.Event;
import dev.thaw.service.store.FeedbackStore.Rating;
import dev.thaw.service.store.FeedbackStore.StoredUser;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints (see docs/service.md and {@code /openapi.json}). Each request reads the current
 * model once and uses that snapshot throughout, so a model swap never mixes two models in an answer.
 */
final class Api implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Api.class);
    private static final int MAX_K = 100;
    /** Users waiting for a background adaptation at most; beyond it the next GET adapts instead. */
    private static final int PREPARE_QUEUE = 1000;
    private static final int MAX_BATCH = 100;
    private static final int MAX_CANDIDATES = 1000;
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private final AtomicReference<LoadedModel> model;
    private final FeedbackStore store;
    private final AdaptationCache cache;
    private final ThreadPoolExecutor preparer;

    Api(LoadedModel initial, FeedbackStore store, int cacheSize) {
        this.model = new AtomicReference<>(initial);
        this.store = store;
        this.cache = new AdaptationCache(cacheSize);
        this.preparer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(PREPARE_QUEUE), r -> {
                    Thread t = new Thread(r, "thaw-prepare");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.DiscardPolicy());
    }

    /** Stops the background adaptations (queued ones are dropped). */
    @Override
    public void close() {
        preparer.shutdownNow();
    }

    void register(RoutesConfig routes) {
        routes.get("/ready", this::ready);
        routes.get("/v1/model", this::modelInfo);
        routes.get("/v1/features", this::features);
        routes.get("/v1/items", this::items);
        routes.get("/v1/items/{id}", this::item);
        routes.get("/v1/evidence", this::evidence);
        routes.post("/v1/users", this::createUser);
        routes.get("/v1/users/{id}", this::user);
        routes.post("/v1/users/{id}/ratings", this::rate);
        routes.post("/v1/users/{id}/events", this::recordEvents);
        routes.get("/v1/users/{id}/recommendations", this::recommendations);
        routes.post("/v1/score", this::score);
        routes.post("/v1/admin/model", this::swapModel);
    }

    /** The model being served now. */
    LoadedModel current() {
        return model.get();
    }

    private void ready(Context ctx) {
        boolean ready = store.isHealthy();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ready", ready);
        out.put("model", model.get().version());
        Responses.json(ctx, ready ? 200 : 503, out);
    }

    private void modelInfo(Context ctx) {
        LoadedModel m = model.get();
        ServingCatalogue c = m.catalogue();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", m.version());
        out.put("family", c.family());
        out.put("trained_at", c.trainedAt());
        out.put("config", c.config());
        out.put("data_fingerprint", c.dataFingerprint());
        out.put("item_count", m.itemCount());
        out.put("rating_scale", c.ratingScale());
        Responses.json(ctx, 200, out);
    }

    private void features(Context ctx) {
        Responses.json(ctx, 200, Map.of("fields", model.get().model().userFields()));
    }

    private void items(Context ctx) {
        String query = Requests.textQuery(ctx, "q");
        int offset = Requests.intQuery(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = Requests.intQuery(ctx, "limit", 20, 1, MAX_K);
        LoadedModel.Page page = model.get().search(query, offset, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", page.total());
        out.put("offset", offset);
        out.put("limit", limit);
        out.put("items", page.items().stream().map(i -> itemView(i, null)).toList());
        Responses.json(ctx, 200, out);
    }

    private void item(Context ctx) {
        LoadedModel m = model.get();
        Responses.json(ctx, 200, itemView(m.item(knownItem(m, ctx.pathParam("id"))), null));
    }

    private void evidence(Context ctx) {
        int k = Requests.intQuery(ctx, "k", 10, 1, MAX_K);
        LoadedModel m = model.get();
        List<Map<String, Object>> items = new ArrayList<>();
        for (ServingCatalogue.EvidenceItem e : m.catalogue().evidence()) {
            int index = m.indexOf(e.id());
            if (index >= 0 && items.size() < k) {
                items.add(itemView(m.item(index), e.score()));
            }
        }
        Responses.json(ctx, 200, Map.of("items", items));
    }

    private void createUser(Context ctx) {
        ObjectNode body = Requests.body(ctx);
        Requests.onlyFields(body, "features");
        StoredUser user = store.createUser(Requests.features(body, fieldNames(model.get())));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", user.id());
        out.put("features", user.features());
        Responses.json(ctx, 201, out);
    }

    private void user(Context ctx) {
        StoredUser user = requireUser(Requests.userId(ctx));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", user.id());
        out.put("features", user.features());
        out.put("ratings", store.ratings(user.id()).stream().map(r -> Map.of("item", r.item(), "rating", r.value(),
                "at", r.at().toString())).toList());
        Responses.json(ctx, 200, out);
    }

    private void rate(Context ctx) {
        String id = Requests.userId(ctx);
        ObjectNode body = Requests.body(ctx);
        Requests.onlyFields(body, "ratings");
        LoadedModel m = model.get();
        List<Rating> ratings = parseRatings(m, Requests.array(body, "ratings", MAX_BATCH, false), Instant.now());
        requireUser(id);
        store.putRatings(id, ratings);
        cache.invalidate(id);
        if (cache.enabled()) {
            preparer.execute(() -> prepare(id));
        }
        Responses.json(ctx, 200, Map.of("recorded", ratings.size()));
    }

    private void recordEvents(Context ctx) {
        String id = Requests.userId(ctx);
        ObjectNode body = Requests.body(ctx);
        Requests.onlyFields(body, "events");
        LoadedModel m = model.get();
        Instant now = Instant.now();
        List<Event> events = new ArrayList<>();
        for (JsonNode node : Requests.array(body, "events", MAX_BATCH, false)) {
            String where = "events[" + events.size() + "]";
            if (!node.isObject()) {
                throw ApiException.badRequest(where + " must be an object {\"item\", \"type\"}");
            }
            String item = Requests.itemId(node.get("item"), where + ".item");
            knownItem(m, item);
            JsonNode type = node.get("type");
            if (type == null || !type.isTextual() || !EVENT_TYPE.matcher(type.asText()).matches()) {
                throw ApiException.badRequest(where + ".type must match " + EVENT_TYPE.pattern() + ", e.g. click");
            }
            events.add(new Event(item, type.asText(), now));
        }
        requireUser(id);
        store.addEvents(id, events);
        Responses.json(ctx, 200, Map.of("recorded", events.size()));
    }

    private void recommendations(Context ctx) {
        String id = Requests.userId(ctx);
        int k = Requests.intQuery(ctx, "k", 10, 1, MAX_K);
        LoadedModel m = model.get();
        StoredUser user = requireUser(id);
        List<Rating> ratings = store.ratings(id);
        Adapted adapted = Adapted.of(m, ratings);
        float[] scores = adaptedScores(m, user, ratings, adapted);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", id);
        out.put("adapted_on", adapted.items().length);
        out.put("items", ranked(m, scores, null, adapted.excluded(m), k));
        Responses.json(ctx, 200, out);
    }

    /** The catalogue's scores after adapting to {@code ratings}: from the cache, or computed and cached. */
    private float[] adaptedScores(LoadedModel m, StoredUser user, List<Rating> ratings, Adapted adapted) {
        float[] scores = cache.get(user.id(), m.version(), ratings);
        if (scores == null) {
            scores = m.model().scores(user.features(), adapted.items(), adapted.values(), allItems(m));
            cache.put(user.id(), new AdaptationCache.Entry(m.version(), ratings, scores));
        }
        return scores;
    }

    /**
     * Adapts to a user's stored ratings in the background right after a write, so that the next
     * recommendations request finds the result cached instead of adapting on its own time.
     */
    void prepare(String id) {
        try {
            LoadedModel m = model.get();
            store.findUser(id).ifPresent(user -> {
                List<Rating> ratings = store.ratings(id);
                adaptedScores(m, user, ratings, Adapted.of(m, ratings));
            });
        } catch (RuntimeException e) {
            LOG.warn("background adaptation for user {} failed: {}", id, e.getMessage());
        }
    }

    /** True when the user's adaptation to their current ratings under the current model is cached. */
    boolean isPrepared(String id) {
        LoadedModel m = model.get();
        return cache.get(id, m.version(), store.ratings(id)) != null;
    }

    private void score(Context ctx) {
        ObjectNode body = Requests.body(ctx);
        Requests.onlyFields(body, "features", "ratings", "candidates", "k");
        LoadedModel m = model.get();
        Map<String, String> features = Requests.features(body, fieldNames(m));
        Adapted adapted = Adapted.of(m, parseRatings(m, Requests.array(body, "ratings", MAX_BATCH, true), Instant.now()));
        int k = Requests.intField(body, "k", 10, 1, MAX_K);
        List<JsonNode> given = Requests.array(body, "candidates", MAX_CANDIDATES, true);
        int[] candidates;
        BitSet excluded = new BitSet();
        if (given.isEmpty()) {
            candidates = allItems(m);
            excluded = adapted.excluded(m);
        } else {
            candidates = new int[given.size()];
            for (int i = 0; i < candidates.length; i++) {
                candidates[i] = knownItem(m, Requests.itemId(given.get(i), "candidates[" + i + "]"));
            }
        }
        float[] scores = m.model().scores(features, adapted.items(), adapted.values(), candidates);
        Responses.json(ctx, 200, Map.of("items", ranked(m, scores, candidates, excluded, k)));
    }

    private void swapModel(Context ctx) {
        ObjectNode body = Requests.body(ctx);
        Requests.onlyFields(body, "path");
        JsonNode path = body.get("path");
        if (path == null || !path.isTextual() || path.asText().isEmpty() || path.asText().length() > 4096) {
            throw ApiException.badRequest("'path' must be a model folder path (1..4096 characters)");
        }
        LoadedModel loaded;
        try {
            loaded = ModelLoader.load(Path.of(path.asText()));
        } catch (ModelLoadException e) {
            throw new ApiException(422, e.getMessage());
        } catch (InvalidPathException e) {
            throw new ApiException(422, "'" + Requests.shorten(path.asText()) + "' is not a valid path");
        }
        model.set(loaded);
        cache.clear();
        Responses.json(ctx, 200, Map.of("version", loaded.version()));
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The ratings a model can adapt on: those of items in its catalogue (a rating of an item that a
     * newer model dropped is kept in the store but not used).
     */
    private record Adapted(int[] items, float[] values) {
        static Adapted of(LoadedModel m, List<Rating> ratings) {
            int[] items = new int[ratings.size()];
            float[] values = new float[ratings.size()];
            int n = 0;
            for (Rating r : ratings) {
                int index = m.indexOf(r.item());
                if (index >= 0) {
                    items[n] = index;
                    values[n++] = (float) r.value();
                }
            }
            return new Adapted(Arrays.copyOf(items, n), Arrays.copyOf(values, n));
        }

        BitSet excluded(LoadedModel m) {
            BitSet out = new BitSet(m.itemCount());
            for (int item : items) {
                out.set(item);
            }
            return out;
        }
    }

    private static List<Rating> parseRatings(LoadedModel m, List<JsonNode> nodes, Instant at) {
        ServingCatalogue.RatingScale scale = m.catalogue().ratingScale();
        Map<String, Rating> byItem = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            String where = "ratings[" + i + "]";
            if (!node.isObject()) {
                throw ApiException.badRequest(where + " must be an object {\"item\", \"rating\"}");
            }
            String item = Requests.itemId(node.get("item"), where + ".item");
            knownItem(m, item);
            JsonNode rating = node.get("rating");
            if (rating == null || !rating.isNumber() || !scale.accepts(rating.asDouble())) {
                throw ApiException.badRequest(where + ".rating must be a number in " + scale.min() + ".." + scale.max()
                        + (scale.step() > 0 ? " in steps of " + scale.step() : ""));
            }
            byItem.put(item, new Rating(item, rating.asDouble(), at));
        }
        return List.copyOf(byItem.values());
    }

    private static int knownItem(LoadedModel m, String id) {
        int index = m.indexOf(id);
        if (index < 0) {
            throw ApiException.notFound("no item '" + Requests.shorten(id) + "' in the catalogue");
        }
        return index;
    }

    private StoredUser requireUser(String id) {
        return store.findUser(id).orElseThrow(() -> ApiException.notFound("no user '" + id + "'"));
    }

    private static List<String> fieldNames(LoadedModel m) {
        return m.model().userFields().stream().map(UserField::name).toList();
    }

    private static int[] allItems(LoadedModel m) {
        return IntStream.range(0, m.itemCount()).toArray();
    }

    /**
     * The {@code k} best of {@code scores} (scores[i] belongs to item {@code candidates[i]}, or to
     * item i when candidates is null), skipping excluded items; ties keep the lower position.
     */
    private static List<Map<String, Object>> ranked(LoadedModel m, float[] scores, int[] candidates, BitSet excluded,
                                                    int k) {
        int[] best = TopK.indices(scores, k, i -> excluded.get(candidates == null ? i : candidates[i]));
        List<Map<String, Object>> out = new ArrayList<>(best.length);
        for (int i : best) {
            out.add(itemView(m.item(candidates == null ? i : candidates[i]), (double) scores[i]));
        }
        return out;
    }

    private static Map<String, Object> itemView(CatalogueItem item, Double score) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", item.id());
        out.put("title", item.title());
        out.put("genres", item.genres());
        if (score != null) {
            out.put("score", score);
        }
        return out;
    }
}
