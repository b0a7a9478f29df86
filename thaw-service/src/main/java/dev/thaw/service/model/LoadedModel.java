package dev.thaw.service.model;

import dev.thaw.models.serving.ServingCatalogue;
import dev.thaw.models.serving.ServingCatalogue.CatalogueItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An immutable loaded model: the serving model, its version, and catalogue look-ups (raw id to
 * index, title search). A request reads one {@code LoadedModel} from start to end, so a swap never
 * mixes two models in one answer.
 */
public final class LoadedModel {
    private final String version;
    private final ServingModel model;
    private final Map<String, Integer> indexById;
    private final String[] lowerTitles;

    LoadedModel(String version, ServingModel model) {
        this.version = version;
        this.model = model;
        List<CatalogueItem> items = model.catalogue().items();
        this.indexById = new HashMap<>(items.size() * 2);
        this.lowerTitles = new String[items.size()];
        for (int i = 0; i < items.size(); i++) {
            if (indexById.put(items.get(i).id(), i) != null) {
                throw new IllegalArgumentException("item id '" + items.get(i).id() + "' appears twice in the catalogue");
            }
            lowerTitles[i] = items.get(i).title().toLowerCase(Locale.ROOT);
        }
    }

    /** The version: a hash of the checkpoint's manifest (which holds every file's checksum). */
    public String version() {
        return version;
    }

    /** The model. */
    public ServingModel model() {
        return model;
    }

    /** The catalogue and provenance. */
    public ServingCatalogue catalogue() {
        return model.catalogue();
    }

    /** Number of items. */
    public int itemCount() {
        return lowerTitles.length;
    }

    /** The index of a raw item id, or -1 when the catalogue lacks it. */
    public int indexOf(String id) {
        Integer index = indexById.get(id);
        return index == null ? -1 : index;
    }

    /** The item at an index. */
    public CatalogueItem item(int index) {
        return model.catalogue().items().get(index);
    }

    /**
     * Items whose title contains {@code query} (case-insensitive; empty matches all), in catalogue order.
     *
     * @param total number of matches
     * @param items the matches from {@code offset}, at most {@code limit}
     */
    public record Page(int total, List<CatalogueItem> items) {
    }

    /** One page of a title search. */
    public Page search(String query, int offset, int limit) {
        String needle = query.toLowerCase(Locale.ROOT);
        List<CatalogueItem> page = new ArrayList<>(limit);
        int total = 0;
        for (int i = 0; i < lowerTitles.length; i++) {
            if (lowerTitles[i].contains(needle)) {
                if (total >= offset && page.size() < limit) {
                    page.add(item(i));
                }
                total++;
            }
        }
        return new Page(total, page);
    }
}
