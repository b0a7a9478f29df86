package dev.thaw.data.io;

/**
 * Input that does not match its expected format. The message is one line:
 * {@code file:line: problem} (or {@code file: problem} when no line applies).
 */
public final class DataFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;
    private final Problem problem;
    private final String detail;

    /**
     * @param file    the file as the user named it
     * @param line    1-based line number, or 0 when the problem concerns the whole file
     * @param problem the kind of problem
     * @param detail  what was found and what was expected
     */
    public DataFormatException(String file, long line, Problem problem, String detail) {
        super(file + (line > 0 ? ":" + line : "") + ": " + detail);
        this.file = file;
        this.line = line;
        this.problem = problem;
        this.detail = detail;
    }

    /** The file as the user named it. */
    public String file() {
        return file;
    }

    /** 1-based line number, or 0 for a whole-file problem. */
    public long line() {
        return line;
    }

    /** The kind of problem. */
    public Problem problem() {
        return problem;
    }

    /** What was found and what was expected, without the file and line. */
    public String detail() {
        return detail;
    }
}
