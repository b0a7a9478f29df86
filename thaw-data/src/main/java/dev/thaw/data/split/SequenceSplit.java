package dev.thaw.data.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Next-item train/validation/test sets from user sequences.
 *
 * @param train      sequences training may use
 * @param validation held-out next items with the history before each
 * @param test       held-out next items with the history before each
 */
public record SequenceSplit(List<UserSequence> train, List<NextItemExample> validation, List<NextItemExample> test) {
    /** A held-out next item and the user's items before it. */
    public record NextItemExample(int user, int[] history, int target) {
        public NextItemExample {
            history = history.clone();
        }

        /** The history (a copy). */
        @Override
        public int[] history() {
            return history.clone();
        }

        /** History followed by the target: the form {@code SequenceBatch.nextItem} takes. */
        public int[] fullSequence() {
            int[] out = Arrays.copyOf(history, history.length + 1);
            out[history.length] = target;
            return out;
        }
    }

    public SequenceSplit {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    /**
     * Leave-last-out: for each sequence of at least 3 items the last item is the test target, the
     * one before it the validation target, and the rest is training; shorter sequences go to
     * training whole.
     */
    public static SequenceSplit leaveLastOut(List<UserSequence> sequences) {
        List<UserSequence> train = new ArrayList<>();
        List<NextItemExample> validation = new ArrayList<>();
        List<NextItemExample> test = new ArrayList<>();
        for (UserSequence s : sequences) {
            int n = s.length();
            if (n < 3) {
                train.add(s);
                continue;
            }
            int[] items = s.items();
            train.add(new UserSequence(s.user(), Arrays.copyOf(items, n - 2), Arrays.copyOf(s.timestamps(), n - 2)));
            validation.add(new NextItemExample(s.user(), Arrays.copyOf(items, n - 2), items[n - 2]));
            test.add(new NextItemExample(s.user(), Arrays.copyOf(items, n - 1), items[n - 1]));
        }
        return new SequenceSplit(train, validation, test);
    }

    /**
     * Time-based: events before {@code validationStart} are training, events in
     * [{@code validationStart}, {@code testStart}) validation targets, later events test targets;
     * each target's history is every earlier event of its user. Needs timestamped sequences.
     */
    public static SequenceSplit byTime(List<UserSequence> sequences, long validationStart, long testStart) {
        if (testStart < validationStart) {
            throw new IllegalArgumentException("testStart " + testStart + " precedes validationStart " + validationStart);
        }
        List<UserSequence> train = new ArrayList<>();
        List<NextItemExample> validation = new ArrayList<>();
        List<NextItemExample> test = new ArrayList<>();
        for (UserSequence s : sequences) {
            requireTimestamps(s);
            int[] items = s.items();
            long[] times = s.timestamps();
            int cut = 0;
            while (cut < times.length && times[cut] < validationStart) {
                cut++;
            }
            if (cut > 0) {
                train.add(new UserSequence(s.user(), Arrays.copyOf(items, cut), Arrays.copyOf(times, cut)));
            }
            for (int k = Math.max(cut, 1); k < items.length; k++) {
                NextItemExample example = new NextItemExample(s.user(), Arrays.copyOf(items, k), items[k]);
                (times[k] < testStart ? validation : test).add(example);
            }
        }
        return new SequenceSplit(train, validation, test);
    }

    /** The timestamp below which a fraction {@code q} (0..1) of all events fall, to pick cut-offs for {@link #byTime}. */
    public static long timeQuantile(List<UserSequence> sequences, double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q must lie in [0, 1], got " + q);
        }
        sequences.forEach(SequenceSplit::requireTimestamps);
        long[] all = sequences.stream().flatMapToLong(s -> Arrays.stream(s.timestamps())).sorted().toArray();
        if (all.length == 0) {
            throw new IllegalArgumentException("no events");
        }
        return all[(int) Math.min(all.length - 1, Math.floor(q * all.length))];
    }

    private static void requireTimestamps(UserSequence s) {
        if (!s.timestamped()) {
            throw new IllegalArgumentException("user " + s.user() + "'s sequence has no timestamps;"
                    + " a time-based split needs them (use leaveLastOut for file-order sequences)");
        }
    }
}
