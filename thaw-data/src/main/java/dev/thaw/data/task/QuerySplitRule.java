package dev.thaw.data.task;

/**
 * Which entities become tasks and how their rows divide: an entity with between
 * {@code minRows} and {@code maxRows} rows (inclusive) becomes a task whose query set is
 * {@code querySize} of its rows drawn at random; the rest is support.
 */
public record QuerySplitRule(int minRows, int maxRows, int querySize) {
    /** MeLU's rule: users with 13 to 100 ratings, 10 query ratings. */
    public static final QuerySplitRule MELU = new QuerySplitRule(13, 100, 10);

    public QuerySplitRule {
        if (querySize < 1) {
            throw new IllegalArgumentException("querySize must be >= 1, got " + querySize);
        }
        if (minRows <= querySize) {
            throw new IllegalArgumentException("minRows (" + minRows + ") must exceed querySize (" + querySize
                    + ") so that every support set is non-empty");
        }
        if (maxRows < minRows) {
            throw new IllegalArgumentException("maxRows (" + maxRows + ") < minRows (" + minRows + ")");
        }
    }

    /** True when an entity with this many rows becomes a task. */
    public boolean accepts(int rows) {
        return rows >= minRows && rows <= maxRows;
    }
}
