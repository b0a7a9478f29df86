package dev.thaw.models.melu;

import dev.thaw.data.RecDataset;
import dev.thaw.data.features.EncodedFeatures;
import dev.thaw.data.features.EncoderOptions;
import dev.thaw.data.features.FeatureEncoder;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticGenerator;
import dev.thaw.data.task.BatchEncoder;
import dev.thaw.data.task.QuerySplitRule;
import dev.thaw.data.task.TaskBatch;
import dev.thaw.data.task.Tasks;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Small synthetic users as encoded MeLU tasks, for unit tests. */
final class SyntheticTasks {
    final RecDataset dataset;
    final FeatureEncoder userEncoder;
    final FeatureEncoder itemEncoder;
    final EncodedFeatures users;
    final EncodedFeatures items;
    final List<TaskBatch> tasks;

    SyntheticTasks(int users, long seed) {
        dataset = SyntheticGenerator.generate(SyntheticConfig.small(seed).withSize(users, 200)).dataset();
        int[] allUsers = IntStream.range(0, users).toArray();
        int[] allItems = IntStream.range(0, 200).toArray();
        userEncoder = FeatureEncoder.fit(dataset.userFeatures().orElseThrow(), allUsers, EncoderOptions.DEFAULTS);
        itemEncoder = FeatureEncoder.fit(dataset.itemFeatures().orElseThrow(), allItems, EncoderOptions.DEFAULTS);
        this.users = userEncoder.encode(dataset.userFeatures().orElseThrow());
        this.items = itemEncoder.encode(dataset.itemFeatures().orElseThrow());
        BatchEncoder encoder = new BatchEncoder(this.users, this.items);
        tasks = Tasks.byUser(dataset.interactions(), QuerySplitRule.MELU, seed).stream().map(encoder::encode).toList();
    }

    MeluModel newModel(MeluConfig config, long seed) {
        return new MeluModel(FieldSpec.of(users), FieldSpec.of(items), config, 3.0, new SplittableRandom(seed));
    }
}
