package dev.thaw.data.synthetic;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.FeatureTable.FeatureField;
import dev.thaw.data.FeatureTable.Kind;
import dev.thaw.data.IdMap;
import dev.thaw.data.Interactions;
import dev.thaw.data.RecDataset;
import dev.thaw.data.Seeds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Generates a dataset with known structure. Every feature value has a random vector; a user's
 * taste is {@code sqrt(s) * (mean feature vector) + sqrt(1 - s) * (own noise)} with s the user
 * feature share, and likewise for items; an item's log price shifts its bias. Items have Zipf
 * popularity over a random ranking; each user draws between min and max distinct items with
 * probability proportional to popularity (restricted to the user's group when groups are planted,
 * so users and items of different groups never co-occur). Values follow
 * {@link SyntheticData#trueScore} plus Gaussian noise. Timestamps increase along each user's rows.
 */
public final class SyntheticGenerator {
    private static final String[] GENDERS = {"F", "M"};
    private static final String[] AGES = {"1", "18", "25", "35", "45", "50", "56"};
    private static final int OCCUPATIONS = 21;
    private static final int GENRES = 12;
    private static final int TAGS = 30;
    private static final int MAX_TAGS_PER_ITEM = 3;
    private static final double PRICE_EFFECT = 0.4;
    private static final long START_TIME = 1_000_000_000L;

    private SyntheticGenerator() {
    }

    /** Generates the data described by {@code config}. */
    public static SyntheticData generate(SyntheticConfig config) {
        long seed = config.seed();
        int d = config.latentDim();
        SplittableRandom featureRandom = Seeds.derive(seed, Seeds.label("synthetic/features"));
        float[][] genderVec = vectors(GENDERS.length, d, featureRandom);
        float[][] ageVec = vectors(AGES.length, d, featureRandom);
        float[][] occupationVec = vectors(OCCUPATIONS, d, featureRandom);
        float[][] genreVec = vectors(GENRES, d, featureRandom);
        float[][] tagVec = vectors(TAGS, d, featureRandom);

        SplittableRandom userRandom = Seeds.derive(seed, Seeds.label("synthetic/users"));
        List<Map<String, Object>> userRows = new ArrayList<>(config.users());
        float[][] userTaste = new float[config.users()][];
        for (int u = 0; u < config.users(); u++) {
            int g = userRandom.nextInt(GENDERS.length);
            int a = userRandom.nextInt(AGES.length);
            int o = userRandom.nextInt(OCCUPATIONS);
            userRows.add(Map.of("gender", GENDERS[g], "age", AGES[a], "occupation", String.valueOf(o)));
            float[] featureTaste = unitSum(List.of(genderVec[g], ageVec[a], occupationVec[o]));
            userTaste[u] = blend(featureTaste, config.userFeatureShare(), userRandom);
        }

        SplittableRandom itemRandom = Seeds.derive(seed, Seeds.label("synthetic/items"));
        List<Map<String, Object>> itemRows = new ArrayList<>(config.items());
        float[][] itemTaste = new float[config.items()][];
        float[] itemBias = new float[config.items()];
        for (int i = 0; i < config.items(); i++) {
            int genre = itemRandom.nextInt(GENRES);
            int[] tags = distinct(1 + itemRandom.nextInt(MAX_TAGS_PER_ITEM), TAGS, itemRandom);
            double logPrice = 3 + 0.5 * itemRandom.nextGaussian();
            itemRows.add(Map.of("genre", "genre" + genre,
                    "tags", Arrays.stream(tags).mapToObj(t -> "tag" + t).toList(),
                    "price", Math.exp(logPrice)));
            float[] tagPart = unitSum(Arrays.stream(tags).mapToObj(t -> tagVec[t]).toList());
            itemTaste[i] = blend(unitSum(List.of(genreVec[genre], tagPart)), config.itemFeatureShare(), itemRandom);
            itemBias[i] = (float) (PRICE_EFFECT * (logPrice - 3) / 0.5);
        }

        SplittableRandom groupRandom = Seeds.derive(seed, Seeds.label("synthetic/groups"));
        int groups = Math.max(1, config.groups());
        int[] itemGroup = new int[config.items()];
        int[] itemOrder = permutation(config.items(), groupRandom);
        for (int k = 0; k < itemOrder.length; k++) {
            itemGroup[itemOrder[k]] = k % groups;
        }
        int[] userGroup = new int[config.users()];
        for (int u = 0; u < userGroup.length; u++) {
            userGroup[u] = groupRandom.nextInt(groups);
        }

        Interactions interactions = interactions(config, userTaste, itemTaste, itemBias, userGroup, itemGroup);
        FeatureTable users = new FeatureTable(List.of(new FeatureField("gender", Kind.CATEGORICAL),
                new FeatureField("age", Kind.CATEGORICAL), new FeatureField("occupation", Kind.CATEGORICAL)), userRows);
        FeatureTable items = new FeatureTable(List.of(new FeatureField("genre", Kind.CATEGORICAL),
                new FeatureField("tags", Kind.MULTI), new FeatureField("price", Kind.NUMERIC)), itemRows);
        RecDataset dataset = new RecDataset("synthetic", interactions, Optional.of(users), Optional.of(items),
                Optional.empty(), "synthetic " + config);
        return new SyntheticData(config, dataset, userTaste, itemTaste, itemBias, userGroup, itemGroup);
    }

    /** Zipf weights over a random ranking of the items. */
    private static double[] popularity(SyntheticConfig config) {
        int[] rank = permutation(config.items(), Seeds.derive(config.seed(), Seeds.label("synthetic/popularity")));
        double[] weight = new double[config.items()];
        for (int r = 0; r < rank.length; r++) {
            weight[rank[r]] = Math.pow(r + 1, -config.popularityExponent());
        }
        return weight;
    }

    private static Interactions interactions(SyntheticConfig config, float[][] userTaste, float[][] itemTaste,
                                             float[] itemBias, int[] userGroup, int[] itemGroup) {
        double[] popularity = popularity(config);
        IdMap users = ids("u", config.users());
        IdMap items = ids("i", config.items());
        int[][] groupItems = groupMembers(itemGroup, Math.max(1, config.groups()));
        int capacity = config.users() * config.maxPerUser();
        int[] user = new int[capacity];
        int[] item = new int[capacity];
        float[] value = new float[capacity];
        long[] time = new long[capacity];
        int n = 0;
        for (int u = 0; u < config.users(); u++) {
            SplittableRandom random = Seeds.derive(config.seed(), Seeds.label("synthetic/interactions"), u);
            int count = config.minPerUser() + random.nextInt(config.maxPerUser() - config.minPerUser() + 1);
            int[] chosen = weightedSample(groupItems[userGroup[u]], popularity, count, random);
            long t = START_TIME + random.nextLong(10_000_000L);
            for (int i : chosen) {
                double noisy = SyntheticData.score(userTaste[u], itemTaste[i], itemBias[i])
                        + config.noise() * random.nextGaussian();
                user[n] = u;
                item[n] = i;
                value[n] = config.feedback() == SyntheticConfig.Feedback.RATING
                        ? (float) Math.max(1, Math.min(5, Math.round(3 + noisy)))
                        : (noisy > 0 ? 1f : 0f);
                t += 60 + random.nextLong(86_400L);
                time[n++] = t;
            }
        }
        return new Interactions(users, items, Arrays.copyOf(user, n), Arrays.copyOf(item, n),
                Arrays.copyOf(value, n), Arrays.copyOf(time, n));
    }

    /** {@code count} distinct candidates drawn with probability proportional to weight (Efraimidis-Spirakis), in random order. */
    private static int[] weightedSample(int[] candidates, double[] weight, int count, SplittableRandom random) {
        double[] keys = new double[candidates.length];
        for (int k = 0; k < candidates.length; k++) {
            keys[k] = Math.log(1 - random.nextDouble()) / weight[candidates[k]];
        }
        double[] sorted = keys.clone();
        Arrays.sort(sorted);
        double threshold = sorted[sorted.length - count];
        int[] chosen = new int[count];
        int n = 0;
        for (int k = 0; k < candidates.length && n < count; k++) {
            if (keys[k] >= threshold) {
                chosen[n++] = candidates[k];
            }
        }
        Seeds.shuffle(chosen, random);
        return chosen;
    }

    private static int[][] groupMembers(int[] group, int groups) {
        int[][] members = new int[groups][];
        for (int g = 0; g < groups; g++) {
            int target = g;
            members[g] = IntStream.range(0, group.length).filter(i -> group[i] == target).toArray();
        }
        return members;
    }

    private static IdMap ids(String prefix, int n) {
        IdMap.Builder builder = IdMap.builder();
        for (int k = 0; k < n; k++) {
            builder.add(prefix + k);
        }
        return builder.build();
    }

    private static float[][] vectors(int n, int d, SplittableRandom random) {
        float[][] out = new float[n][d];
        for (float[] v : out) {
            for (int k = 0; k < d; k++) {
                v[k] = (float) random.nextGaussian();
            }
        }
        return out;
    }

    /** The sum of the vectors divided by sqrt(count): independent unit-variance vectors give a unit-variance result. */
    private static float[] unitSum(List<float[]> vectors) {
        float[] out = new float[vectors.get(0).length];
        for (float[] v : vectors) {
            for (int k = 0; k < out.length; k++) {
                out[k] += v[k];
            }
        }
        float factor = (float) (1 / Math.sqrt(vectors.size()));
        for (int k = 0; k < out.length; k++) {
            out[k] *= factor;
        }
        return out;
    }

    private static float[] blend(float[] featurePart, double share, SplittableRandom random) {
        float[] out = new float[featurePart.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) (Math.sqrt(share) * featurePart[k] + Math.sqrt(1 - share) * random.nextGaussian());
        }
        return out;
    }

    private static int[] distinct(int count, int bound, SplittableRandom random) {
        return Arrays.copyOf(permutation(bound, random), count);
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        Seeds.shuffle(order, random);
        return order;
    }
}
