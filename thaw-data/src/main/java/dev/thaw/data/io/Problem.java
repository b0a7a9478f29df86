package dev.thaw.data.io;

/**
 * What is wrong with a piece of input. Row-level problems can be skipped and counted under
 * {@link Leniency#LENIENT}; file-level problems always fail the read.
 */
public enum Problem {
    WRONG_FIELD_COUNT("wrong number of fields", true),
    MALFORMED_QUOTING("unbalanced quotes", true),
    EMPTY_FIELD("empty field", true),
    NOT_A_NUMBER("not a number", true),
    NAN("NaN or infinite value", true),
    OUT_OF_RANGE("value out of range", true),
    BAD_TIMESTAMP("unreadable timestamp", true),
    DUPLICATE_PAIR("duplicate (user, item) row", true),
    DUPLICATE_ID("duplicate entity id", true),
    UNKNOWN_USER("unknown user", true),
    UNKNOWN_ITEM("unknown item", true),
    CONFLICT("disagrees with another file", true),
    INVALID_ENCODING("invalid character encoding", true),
    EMPTY_FILE("empty file", false),
    BAD_HEADER("bad header", false),
    BAD_JSON("malformed JSON", false),
    CORRUPT_FILE("truncated or corrupt file", false);

    private final String description;
    private final boolean skippable;

    Problem(String description, boolean skippable) {
        this.description = description;
        this.skippable = skippable;
    }

    /** Short human description, e.g. "duplicate (user, item) row". */
    public String description() {
        return description;
    }

    /** True when a lenient read may skip the offending row instead of failing. */
    public boolean skippable() {
        return skippable;
    }
}
