package dev.clm.core;

import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a time-ordered {@link Dataset} into {@code train | validation | test} by time, so
 * nothing from the future reaches training:
 *
 * <ul>
 *   <li>the newest {@code testFraction} of the rows is the test split (held out for
 *       evaluation and the replay shadow test), the {@code validationFraction} before it the
 *       validation split (early stopping), the rest the training split;</li>
 *   <li>purging: a row stays in an earlier split only if its label is known before the next
 *       split starts ({@code labelEnd < first timestamp of the next split}), so no training
 *       label overlaps validation or test outcomes;</li>
 *   <li>embargo: the first {@code embargoBars} distinct timestamps of the validation and test
 *       splits are dropped as well (for serial correlation beyond the label window).</li>
 * </ul>
 *
 * Split boundaries never cut through one timestamp (all symbols' rows of a bar go to the same
 * split). A split left with fewer than {@code minRowsPerSplit} rows (also an empty one, when
 * embargo and purging meet) is an {@link InvalidDataException} whose field is the split's name
 * and whose message gives every split's row count.
 *
 * <p>{@link #walkForward} adds earlier test folds before the test split, each with its own
 * purged, embargoed train and validation rows from the training window before it (the
 * validation share of those rows is the same as in the last split), for walk-forward evidence.
 * Stateless.
 */
public final class DatasetSplitter {
    private final double validationFraction;
    private final double testFraction;
    private final int embargoBars;
    private final int minRowsPerSplit;

    public DatasetSplitter(double validationFraction, double testFraction, int embargoBars, int minRowsPerSplit) {
        if (!(validationFraction > 0 && testFraction > 0 && validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException("validationFraction " + validationFraction + " and testFraction " + testFraction
                    + " must be > 0 with a sum < 1");
        }
        if (embargoBars < 0) throw new IllegalArgumentException("embargoBars must be >= 0, was " + embargoBars);
        if (minRowsPerSplit < 1) throw new IllegalArgumentException("minRowsPerSplit must be >= 1, was " + minRowsPerSplit);
        this.validationFraction = validationFraction;
        this.testFraction = testFraction;
        this.embargoBars = embargoBars;
        this.minRowsPerSplit = minRowsPerSplit;
    }

    /** The three splits. */
    public record Split(Dataset train, Dataset validation, Dataset test) {}

    /**
     * Walk-forward folds in time order: {@code earlier} folds (possibly none), then {@code last},
     * the ordinary {@link #split}. Each fold's test rows lie after all of its train and validation
     * rows' labels end; test rows of different folds do not overlap.
     *
     * @param requested folds asked for; {@code earlier.size() + 1} may be fewer when the oldest ones
     *                  would leave fewer than the minimum rows in a split
     */
    public record WalkForward(List<Split> earlier, Split last, int requested) {
        public WalkForward {
            earlier = List.copyOf(earlier);
        }

        /** Every fold, oldest first, the last split at the end. */
        public List<Split> folds() {
            List<Split> all = new ArrayList<>(earlier);
            all.add(last);
            return all;
        }
    }

    /**
     * Walk-forward folds over {@code all} (time-ordered rows reaching back before the training
     * window): the last is the ordinary {@link #split} of the rows from {@code windowStartMillis}
     * on; before its test split come up to {@code folds - 1} folds of {@code foldMillis} each,
     * going back in time, each with train and validation rows from the {@code windowMillis} before
     * it (purged, embargoed, validation the same share as in the last split). Folds the data does
     * not reach, or that would keep fewer than the minimum rows in a part, are left out.
     *
     * @throws InvalidDataException as {@link #split} when the last split does not fit
     */
    public WalkForward walkForward(Dataset all, long windowStartMillis, long windowMillis, int folds, long foldMillis) {
        if (folds < 1) throw new IllegalArgumentException("folds must be >= 1, was " + folds);
        if (windowMillis <= 0 || foldMillis <= 0) throw new IllegalArgumentException("window and fold lengths must be > 0");
        Split last = split(all.slice(all.indexAtOrAfter(windowStartMillis), all.rows()));
        long testStart = last.test().timestamps()[0];
        double validationShare = validationFraction / (1 - testFraction);
        List<Split> earlier = new ArrayList<>();
        for (int k = folds - 1; k >= 1; k--) {
            long from = testStart - k * foldMillis, to = from + foldMillis;
            int a = all.indexAtOrAfter(from), b = all.indexAtOrAfter(to);
            int history = all.indexAtOrAfter(from - windowMillis);
            if (a <= history || b <= a) continue;
            Split fold = foldBefore(all.slice(history, b), a - history, b - history, validationShare);
            if (fold != null) earlier.add(fold);
        }
        return new WalkForward(earlier, last, folds);
    }

    /** Test rows {@code [start, end)}, trained on what lies before {@code start}; null when a part is too small. */
    private Split foldBefore(Dataset d, int start, int end, double validationShare) {
        if (start <= 0 || end <= start) return null;
        int valStart = alignToTimestamp(d, (int) Math.round(start * (1 - validationShare)));
        if (valStart <= 0 || valStart >= start) return null;
        int trainEnd = purgedEnd(d, 0, valStart);
        int valTo = purgedEnd(d, valStart, start);
        int valFrom = Math.min(afterEmbargo(d, valStart, start), valTo);
        int testFrom = afterEmbargo(d, start, end);
        if (trainEnd < minRowsPerSplit || valTo - valFrom < minRowsPerSplit || end - testFrom < minRowsPerSplit) return null;
        return new Split(d.slice(0, trainEnd), d.slice(valFrom, valTo), d.slice(testFrom, end));
    }

    public Split split(Dataset d) {
        int n = d.rows();
        int testStart = alignToTimestamp(d, (int) Math.round(n * (1 - testFraction)));
        int valStart = alignToTimestamp(d, (int) Math.round(n * (1 - testFraction - validationFraction)));
        if (valStart <= 0 || testStart <= valStart || testStart >= n) {
            throw tooFew(d, "cannot place split boundaries");
        }
        int trainEnd = purgedEnd(d, 0, valStart);
        // Embargo (from the front) and purging (from the back) can meet: the split is then empty.
        int valTo = purgedEnd(d, valStart, testStart);
        int valFrom = Math.min(afterEmbargo(d, valStart, testStart), valTo);
        int testFrom = afterEmbargo(d, testStart, n);
        int[] rows = {trainEnd, valTo - valFrom, n - testFrom};
        int[] before = {valStart, testStart - valStart, n - testStart};
        String[] names = {"train", "validation", "test"};
        for (int k = 0; k < 3; k++) {
            if (rows[k] < minRowsPerSplit) {
                throw new InvalidDataException(null, -1, names[k], "too few rows for the requested split: the " + names[k]
                        + " split keeps " + rows[k] + " of its " + before[k] + " rows after purging (labels reaching into the next split)"
                        + " and an embargo of " + embargoBars + " bars; of " + n + " rows the splits keep train " + rows[0]
                        + ", validation " + rows[1] + ", test " + rows[2] + "; expected at least " + minRowsPerSplit
                        + " rows in each (more data, a smaller embargo or larger fractions)");
            }
        }
        return new Split(d.slice(0, trainEnd), d.slice(valFrom, valTo), d.slice(testFrom, n));
    }

    private InvalidDataException tooFew(Dataset d, String detail) {
        return new InvalidDataException(null, -1, "rows", "too few rows for the requested split: " + d.rows() + " rows, "
                + detail + "; expected at least " + minRowsPerSplit + " rows in each of train, validation and test");
    }

    /** Moves an index forward to the first row of a new timestamp. */
    private static int alignToTimestamp(Dataset d, int i) {
        long[] ts = d.timestamps();
        if (i <= 0) return 0;
        if (i >= ts.length) return ts.length;
        while (i < ts.length && ts[i] == ts[i - 1]) i++;
        return i;
    }

    /** End (exclusive) of the rows in [from, boundary) whose labels end before the row at {@code boundary}. */
    private static int purgedEnd(Dataset d, int from, int boundary) {
        if (boundary >= d.rows()) return boundary;
        long next = d.timestamps()[boundary];
        int end = boundary;
        // rows are time-ordered and labels end a fixed number of bars later, so purged rows form a tail;
        // scan back until a row whose label is known before the next split starts
        while (end > from && d.labelEndTimestamps()[end - 1] >= next) end--;
        // a row further back with a longer label window (a gap) would still leak: check the kept rows
        for (int i = from; i < end; i++) {
            if (d.labelEndTimestamps()[i] >= next) {
                return compact(d, from, end, next);
            }
        }
        return end;
    }

    private static int compact(Dataset d, int from, int end, long next) {
        int i = from;
        while (i < end && d.labelEndTimestamps()[i] < next) i++;
        return i;
    }

    private int afterEmbargo(Dataset d, int start, int limit) {
        long[] ts = d.timestamps();
        int i = start;
        int distinct = 0;
        while (i < limit && distinct < embargoBars) {
            long t = ts[i];
            while (i < limit && ts[i] == t) i++;
            distinct++;
        }
        return i;
    }
}
