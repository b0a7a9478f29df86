package dev.thaw.eval;

import dev.thaw.data.RecDataset;
import dev.thaw.data.split.HonestSplit;
import dev.thaw.data.task.QuerySplitRule;
import java.util.BitSet;
import java.util.List;

/** Honest splits of synthetic data for tests: every k-th item new, encoders fitted on the training rows. */
final class HonestSplits {
    private HonestSplits() {
    }

    /** Items 0, k, 2k, ... are new. */
    static BitSet everyKthItem(int itemCount, int k) {
        BitSet newItems = new BitSet();
        for (int i = 0; i < itemCount; i += k) {
            newItems.set(i);
        }
        return newItems;
    }

    /** The honest split of {@code data} with {@code newItems}, encoded with MeLU's task rule. */
    static EncodedSplit encoded(RecDataset data, HonestSplit split) {
        return EncodedSplit.honest(data, split, QuerySplitRule.MELU,
                EncodedSplit.Encoders.fit(data, split.training(), List.of(), List.of(), 1));
    }

    /** {@link HonestSplit#build} with default settings and {@code seed}. */
    static HonestSplit split(RecDataset data, BitSet newItems, long seed) {
        return HonestSplit.build(data.interactions(), newItems, HonestSplit.Config.defaults(seed));
    }
}
