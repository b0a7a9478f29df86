package dev.thaw.cli;

import dev.thaw.eval.retrieval.FoldingExperiment;
import dev.thaw.eval.retrieval.RetrievalReport;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Retrieval results as aligned tables for people (stderr); the JSON carries every number. */
final class RetrievalTables {
    private static final String[] COLUMNS = {"recall@10", "recall@20", "recall@50", "ndcg@10", "ndcg@20", "ndcg@50",
        "hr@10", "mrr@10"};

    private RetrievalTables() {
    }

    /** One block per report: each segment's main metrics, then the catalogue figures. */
    static void print(String title, List<RetrievalReport> reports, PrintStream out) {
        out.printf("%n%s%n", title);
        out.printf("  %-24s %-34s %6s", "model", "segment", "users");
        for (String c : COLUMNS) {
            out.printf(" %9s", c);
        }
        out.printf(" %8s %8s%n", "cover@10", "pop@10");
        for (RetrievalReport report : reports) {
            for (RetrievalReport.Segment s : report.segments()) {
                out.printf("  %-24s %-34s %6d", report.model(), s.name(), s.users());
                for (String c : COLUMNS) {
                    out.printf(" %9.4f", s.metrics().getOrDefault(c, Double.NaN));
                }
                if (s.name().equals("overall")) {
                    Map<String, Double> cat = report.catalogue();
                    out.printf(" %8.4f %8.1f", cat.get("coverage@10"), cat.get("mean_popularity@10"));
                }
                out.println();
            }
        }
    }

    /** The folding table. */
    static void folding(List<FoldingExperiment.Outcome> outcomes, PrintStream out) {
        out.printf("%n  %-28s %18s %15s %10s%n", "run", "foreign items@K", "users affected", "recall@10");
        for (FoldingExperiment.Outcome o : outcomes) {
            out.printf("  %-28s %18.4f %15.4f %10.4f%n", o.run(), o.folding().foreignItemShare(),
                    o.folding().usersAffected(), o.test().segment("overall").metric("recall@10"));
        }
    }
}
