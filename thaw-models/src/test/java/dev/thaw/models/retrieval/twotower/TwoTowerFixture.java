package dev.thaw.models.retrieval.twotower;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.RecDataset;
import dev.thaw.data.features.EncoderOptions;
import dev.thaw.data.features.FeatureEncoder;
import dev.thaw.data.split.ImplicitSplit;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticGenerator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** A small generated corpus with user and item features, split for implicit retrieval. */
final class TwoTowerFixture {
    static final RecDataset DATA = SyntheticGenerator.generate(SyntheticConfig.small(5).withSize(120, 80)
            .withInteractionsPerUser(10, 30)).dataset();
    static final ImplicitSplit SPLIT = ImplicitSplit.of(DATA.interactions(), 3f, 0.1, ImplicitSplit.Order.RANDOM, 3);
    static final FeatureTable USER_TABLE = DATA.userFeatures().orElseThrow();
    static final FeatureTable ITEM_TABLE = DATA.itemFeatures().orElseThrow();
    static final TrainedTwoTower.Encoders ENCODERS = new TrainedTwoTower.Encoders(fit(USER_TABLE), fit(ITEM_TABLE));
    static final TowerFeatures FEATURES = ENCODERS.encode(USER_TABLE, ITEM_TABLE);

    private TwoTowerFixture() {
    }

    private static FeatureEncoder fit(FeatureTable table) {
        return FeatureEncoder.fit(table, IntStream.range(0, table.size()).toArray(), EncoderOptions.DEFAULTS);
    }

    static TwoTowerModel model(TwoTowerConfig config, long seed) {
        return new TwoTowerModel(FEATURES.userFields(), FEATURES.itemFields(), SPLIT.userCount(), SPLIT.itemCount(),
                config, new SplittableRandom(seed));
    }

    static TwoTowerConfig small() {
        return TwoTowerConfig.defaults().withSizes(16, java.util.List.of(32)).withHistorySize(10);
    }
}
