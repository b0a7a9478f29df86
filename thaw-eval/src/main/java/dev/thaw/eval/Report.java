package dev.thaw.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of one predictor on one set of tasks. MAE and RMSE pool every query rating; nDCG is
 * the mean over tasks.
 *
 * @param predictor name of the predictor
 * @param tasks     number of tasks
 * @param ratings   number of query ratings
 * @param mae       mean absolute error
 * @param rmse      root mean squared error
 * @param ndcg1     mean nDCG@1
 * @param ndcg3     mean nDCG@3
 * @param ndcg1Linear mean nDCG@1 with the rating itself as gain (see {@link Metrics.Gain#LINEAR})
 * @param ndcg3Linear mean nDCG@3 with the rating itself as gain
 */
public record Report(String predictor, int tasks, int ratings, double mae, double rmse, double ndcg1, double ndcg3,
                     double ndcg1Linear, double ndcg3Linear) {
    /** The figures keyed by metric name ({@code mae, rmse, ndcg@1, ndcg@3, ndcg@1 linear, ndcg@3 linear, tasks, ratings}). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mae", mae);
        m.put("rmse", rmse);
        m.put("ndcg@1", ndcg1);
        m.put("ndcg@3", ndcg3);
        m.put("ndcg@1 linear", ndcg1Linear);
        m.put("ndcg@3 linear", ndcg3Linear);
        m.put("tasks", tasks);
        m.put("ratings", ratings);
        return m;
    }
}
