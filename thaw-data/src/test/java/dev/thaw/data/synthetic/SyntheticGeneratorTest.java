package dev.thaw.data.synthetic;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.Interactions;
import dev.thaw.data.RecDataset;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticGeneratorTest {
    private static final SyntheticConfig LARGER = SyntheticConfig.small(7).withSize(2000, 300);

    @Test
    void sameSeedGivesIdenticalDataAndOtherSeedDoesNot() {
        Interactions a = SyntheticGenerator.generate(SyntheticConfig.small(3)).dataset().interactions();
        Interactions b = SyntheticGenerator.generate(SyntheticConfig.small(3)).dataset().interactions();
        Interactions c = SyntheticGenerator.generate(SyntheticConfig.small(4)).dataset().interactions();
        assertArrayEquals(values(a), values(b));
        assertArrayEquals(items(a), items(b));
        assertFalse(Arrays.equals(items(a), items(c)));
    }

    @Test
    void sizesAndRangesFollowTheConfig() {
        RecDataset data = SyntheticGenerator.generate(SyntheticConfig.small(1)).dataset();
        Interactions log = data.interactions();
        assertEquals(400, log.users().size());
        assertEquals(300, log.items().size());
        int[] perUser = new int[400];
        Set<Long> pairs = new HashSet<>();
        for (int r = 0; r < log.size(); r++) {
            perUser[log.user(r)]++;
            assertTrue(pairs.add((long) log.user(r) << 32 | log.item(r)), "duplicate (user, item) at row " + r);
            assertTrue(log.value(r) >= 1 && log.value(r) <= 5 && log.value(r) == Math.rint(log.value(r)));
        }
        assertTrue(Arrays.stream(perUser).allMatch(n -> n >= 15 && n <= 40));
        assertTrue(log.allTimestamped());
        assertEquals(400, data.userFeatures().orElseThrow().rows().size());
        assertEquals(FeatureTable.Kind.MULTI, data.itemFeatures().orElseThrow().field("tags").kind());
    }

    @Test
    void popularityIsHeavyTailed() {
        Interactions log = SyntheticGenerator.generate(LARGER).dataset().interactions();
        int[] counts = new int[log.items().size()];
        for (int r = 0; r < log.size(); r++) {
            counts[log.item(r)]++;
        }
        int[] sorted = Arrays.stream(counts).sorted().toArray();
        long top20 = 0;
        for (int k = sorted.length - sorted.length / 5; k < sorted.length; k++) {
            top20 += sorted[k];
        }
        double headShare = top20 / (double) log.size();
        assertTrue(headShare > 0.55, "top 20% of items hold " + headShare);
        assertTrue(sorted[sorted.length - 1] > 10 * sorted[sorted.length / 2]);
    }

    @Test
    void plantedGroupsNeverCoOccur() {
        SyntheticData data = SyntheticGenerator.generate(SyntheticConfig.small(5).withGroups(3).withInteractionsPerUser(15, 30));
        Interactions log = data.dataset().interactions();
        Set<Integer> groupsSeen = new HashSet<>();
        for (int r = 0; r < log.size(); r++) {
            assertEquals(data.userGroup(log.user(r)), data.itemGroup(log.item(r)), "row " + r + " crosses groups");
            groupsSeen.add(data.userGroup(log.user(r)));
        }
        assertEquals(Set.of(0, 1, 2), groupsSeen);
    }

    @Test
    void ratingsFollowThePlantedScore() {
        SyntheticData data = SyntheticGenerator.generate(LARGER);
        Interactions log = data.dataset().interactions();
        double[] score = new double[log.size()];
        double[] rating = new double[log.size()];
        for (int r = 0; r < log.size(); r++) {
            score[r] = data.trueScore(log.user(r), log.item(r));
            rating[r] = log.value(r);
        }
        double corr = correlation(score, rating);
        assertTrue(corr > 0.85, "correlation of ratings with the planted score " + corr);
    }

    @Test
    void clicksAreBinaryAndFollowTheScoreSign() {
        SyntheticData data = SyntheticGenerator.generate(SyntheticConfig.small(2).withFeedback(SyntheticConfig.Feedback.CLICK));
        Interactions log = data.dataset().interactions();
        int agree = 0;
        for (int r = 0; r < log.size(); r++) {
            assertTrue(log.value(r) == 0f || log.value(r) == 1f);
            agree += (data.trueScore(log.user(r), log.item(r)) > 0) == (log.value(r) == 1f) ? 1 : 0;
        }
        assertTrue(agree > 0.8 * log.size(), agree + " of " + log.size());
    }

    @Test
    void featuresExplainRatingVarianceOnlyWhenPlanted() {
        double planted = occupationGenreR2(LARGER.withFeatureShares(1, 1));
        double none = occupationGenreR2(LARGER.withFeatureShares(0, 0));
        assertTrue(planted > 0.15, "R^2 of (occupation, genre) cell means with planted features: " + planted);
        assertTrue(none < 0.05, "R^2 without planted features: " + none);
    }

    @Test
    void badConfigIsRejectedWithItsReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyntheticConfig.small(1).withGroups(10));
        assertTrue(e.getMessage().contains("maxPerUser (40) exceeds the 30 items"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SyntheticConfig.small(1).withFeatureShares(1.5, 0));
    }

    /** Share of rating variance explained by the mean rating of each (user occupation, item genre) cell. */
    private static double occupationGenreR2(SyntheticConfig config) {
        RecDataset data = SyntheticGenerator.generate(config).dataset();
        Interactions log = data.interactions();
        FeatureTable users = data.userFeatures().orElseThrow();
        FeatureTable items = data.itemFeatures().orElseThrow();
        Map<String, double[]> cells = new HashMap<>();
        double sum = 0;
        String[] cellOf = new String[log.size()];
        for (int r = 0; r < log.size(); r++) {
            cellOf[r] = users.rows().get(log.user(r)).get("occupation") + "|" + items.rows().get(log.item(r)).get("genre");
            double[] acc = cells.computeIfAbsent(cellOf[r], k -> new double[2]);
            acc[0] += log.value(r);
            acc[1]++;
            sum += log.value(r);
        }
        double mean = sum / log.size();
        double total = 0;
        double within = 0;
        for (int r = 0; r < log.size(); r++) {
            double[] acc = cells.get(cellOf[r]);
            total += Math.pow(log.value(r) - mean, 2);
            within += Math.pow(log.value(r) - acc[0] / acc[1], 2);
        }
        return 1 - within / total;
    }

    private static double correlation(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int k = 0; k < x.length; k++) {
            sxy += (x[k] - mx) * (y[k] - my);
            sxx += (x[k] - mx) * (x[k] - mx);
            syy += (y[k] - my) * (y[k] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static float[] values(Interactions log) {
        float[] out = new float[log.size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = log.value(r);
        }
        return out;
    }

    private static int[] items(Interactions log) {
        int[] out = new int[log.size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = log.item(r);
        }
        return out;
    }
}
