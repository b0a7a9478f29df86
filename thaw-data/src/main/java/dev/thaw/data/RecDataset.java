package dev.thaw.data;

import java.util.Optional;

/**
 * A loaded dataset: interactions plus optional user and item side features (rows aligned with the
 * interactions' id maps) and item titles, with a provenance string (source files and checksums).
 */
public record RecDataset(String name, Interactions interactions, Optional<FeatureTable> userFeatures,
                         Optional<FeatureTable> itemFeatures, Optional<java.util.List<String>> itemTitles,
                         String provenance) {
}
