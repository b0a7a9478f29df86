package dev.thaw.cli;

import dev.thaw.data.split.Scenario;
import dev.thaw.eval.Report;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluation reports as JSON-ready maps and as aligned tables. */
final class Reports {
    private static final Map<Scenario, String> TITLES = Map.of(
            Scenario.WARM, "existing users, existing items (held-out ratings)",
            Scenario.USER_COLD, "new users, existing items",
            Scenario.ITEM_COLD, "existing users, new items",
            Scenario.USER_AND_ITEM_COLD, "new users, new items");

    private Reports() {
    }

    /** scenario -> predictor -> metrics. */
    static Map<String, Object> byScenario(Map<Scenario, List<Report>> reports) {
        Map<String, Object> out = new LinkedHashMap<>();
        reports.forEach((scenario, list) -> {
            Map<String, Object> predictors = new LinkedHashMap<>();
            list.forEach(r -> predictors.put(r.predictor(), r.asMap()));
            out.put(scenario.name(), predictors);
        });
        return out;
    }

    /** One table per scenario, the predictor column as wide as its longest name. */
    static void print(Map<Scenario, List<Report>> reports, PrintStream out) {
        int width = reports.values().stream().flatMap(List::stream).mapToInt(r -> r.predictor().length()).max()
                .orElse(0);
        String name = "  %-" + Math.max(width, "predictor".length()) + "s";
        reports.forEach((scenario, list) -> {
            out.printf("%n%s: %s (%d test users, %d query ratings)%n", scenario, TITLES.get(scenario),
                    list.get(0).tasks(), list.get(0).ratings());
            out.printf(name + " %7s %7s %7s %7s %9s %9s%n", "predictor", "MAE", "RMSE", "nDCG@1", "nDCG@3", "nDCG@1 lin",
                    "nDCG@3 lin");
            for (Report r : list) {
                out.printf(name + " %7.4f %7.4f %7.4f %7.4f %9.4f %9.4f%n", r.predictor(), r.mae(), r.rmse(), r.ndcg1(),
                        r.ndcg3(), r.ndcg1Linear(), r.ndcg3Linear());
            }
        });
    }
}
