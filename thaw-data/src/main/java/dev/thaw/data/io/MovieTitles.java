package dev.thaw.data.io;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses MovieLens-style titles such as {@code "Toy Story (1995)"}. */
final class MovieTitles {
    private static final Pattern YEAR_AT_END = Pattern.compile("\\((\\d{4})\\)\\s*$");

    private MovieTitles() {
    }

    /** The year in parentheses at the end of a title, or NaN when there is none. */
    static double year(String title) {
        Matcher m = YEAR_AT_END.matcher(title);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
