package dev.thaw.eval.retrieval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Full-corpus retrieval metrics of one model on one held-out set. Immutable.
 *
 * @param model     the model's name
 * @param target    which held-out set ("validation" or "test")
 * @param segments  overall, head items, tail items, then one segment per user-activity bucket
 * @param catalogue per K: coverage (share of items recommended to anyone), mean training popularity
 *                  of recommended items, and the head share of recommendations
 */
public record RetrievalReport(String model, String target, List<Segment> segments, Map<String, Double> catalogue) {
    /**
     * Metrics of one segment.
     *
     * @param name        e.g. "overall", "head", "tail", "activity 1/3 (1-20 train items)"
     * @param users       users with at least one held-out item in the segment
     * @param heldOut     held-out items in the segment, over those users
     * @param metrics     "recall@10", "hr@10", "ndcg@10", "mrr@10", ... (means over the users)
     */
    public record Segment(String name, int users, int heldOut, Map<String, Double> metrics) {
        /** One metric; IllegalArgumentException for an unknown name. */
        public double metric(String name) {
            Double value = metrics.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no metric '" + name + "' (have " + metrics.keySet() + ")");
            }
            return value;
        }
    }

    /** A segment by name; IllegalArgumentException for an unknown one. */
    public Segment segment(String name) {
        return segments.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no segment '" + name + "'"));
    }

    /** JSON-ready nested maps. */
    public Map<String, Object> asMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model);
        out.put("target", target);
        Map<String, Object> bySegment = new LinkedHashMap<>();
        for (Segment s : segments) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("users", s.users());
            row.put("held_out", s.heldOut());
            row.putAll(s.metrics());
            bySegment.put(s.name(), row);
        }
        out.put("segments", bySegment);
        out.put("catalogue", catalogue);
        return out;
    }
}
