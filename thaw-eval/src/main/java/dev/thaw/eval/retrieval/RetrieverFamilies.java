package dev.thaw.eval.retrieval;

import dev.thaw.models.retrieval.PopularityRetriever;
import dev.thaw.training.mf.BprConfig;
import dev.thaw.training.mf.BprTrainer;
import dev.thaw.training.mf.WalsConfig;
import dev.thaw.training.mf.WalsTrainer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The model families available by name. */
public final class RetrieverFamilies {
    /** Most popular training items for everyone. */
    public static final RetrieverFamily POPULAR = new RetrieverFamily() {
        @Override
        public String name() {
            return "popular";
        }

        @Override
        public String description() {
            return "most popular training items for everyone (no parameters)";
        }

        @Override
        public Map<String, String> parameters() {
            return Map.of();
        }

        @Override
        public Trainer configure(RetrieverParams params) {
            return (data, progress) -> PopularityRetriever.of(data.split().train());
        }
    };

    /** Weighted ALS. */
    public static final RetrieverFamily WALS = new RetrieverFamily() {
        @Override
        public String name() {
            return "wals";
        }

        @Override
        public String description() {
            return "weighted ALS: observed weight w, weight w0 on every unobserved pair (exact, Gramian trick)";
        }

        @Override
        public Map<String, String> parameters() {
            WalsConfig d = WalsConfig.defaults();
            Map<String, String> p = new LinkedHashMap<>();
            p.put("dim", d.dim() + ": embedding dimension");
            p.put("iterations", d.iterations() + ": ALS iterations");
            p.put("lambda", d.regularization() + ": L2 regularisation");
            p.put("w", d.observedWeight() + ": weight of an observed pair");
            p.put("w0", d.unobservedWeight() + ": weight of every unobserved pair (0 = positives only)");
            p.put("alpha", d.confidenceAlpha() + ": confidence w + alpha * rating per observed pair (Hu-Koren-Volinsky)");
            return p;
        }

        @Override
        public Trainer configure(RetrieverParams params) {
            WalsConfig d = WalsConfig.defaults();
            WalsConfig config = new WalsConfig(params.integer("dim", d.dim()), params.integer("iterations", d.iterations()),
                    params.real("lambda", d.regularization()), params.real("w", d.observedWeight()),
                    params.real("w0", d.unobservedWeight()), params.real("alpha", d.confidenceAlpha()), 1);
            return (data, progress) -> WalsTrainer.fit(data.split().train(),
                    config.confidenceAlpha() > 0 ? data.trainValues() : null, config.withThreads(data.threads()),
                    data.seed(), progress).model();
        }
    };

    /** BPR matrix factorisation. */
    public static final RetrieverFamily BPR = new RetrieverFamily() {
        @Override
        public String name() {
            return "bpr";
        }

        @Override
        public String description() {
            return "BPR-MF: SGD on pairwise log-sigmoid loss with one uniform negative per positive";
        }

        @Override
        public Map<String, String> parameters() {
            BprConfig d = BprConfig.defaults();
            Map<String, String> p = new LinkedHashMap<>();
            p.put("dim", d.dim() + ": embedding dimension");
            p.put("epochs", d.epochs() + ": passes over the training pairs");
            p.put("lr", d.learningRate() + ": SGD step size");
            p.put("lambda", d.regularization() + ": L2 regularisation of touched rows");
            return p;
        }

        @Override
        public Trainer configure(RetrieverParams params) {
            BprConfig d = BprConfig.defaults();
            BprConfig config = new BprConfig(params.integer("dim", d.dim()), params.integer("epochs", d.epochs()),
                    params.real("lr", d.learningRate()), params.real("lambda", d.regularization()));
            return (data, progress) -> BprTrainer.fit(data.split().train(), config, data.seed(), progress).model();
        }
    };

    /** The two-tower softmax model with its loss variants. */
    public static final RetrieverFamily TWO_TOWER = new TwoTowerFamily();

    /** Every family, in the order help lists them. */
    public static final List<RetrieverFamily> ALL = List.of(POPULAR, WALS, BPR, TWO_TOWER);

    private RetrieverFamilies() {
    }

    /** A family by name; IllegalArgumentException listing the known names otherwise. */
    public static RetrieverFamily byName(String name) {
        return ALL.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown model '" + name + "' (known: "
                        + ALL.stream().map(RetrieverFamily::name).collect(Collectors.joining(", ")) + ")"));
    }

    /** Checked parameters for a family. */
    public static RetrieverParams params(RetrieverFamily family, Map<String, String> given) {
        return new RetrieverParams(family.name(), family.parameters().keySet(), given);
    }
}
