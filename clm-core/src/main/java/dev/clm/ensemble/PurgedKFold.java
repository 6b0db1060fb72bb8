package dev.clm.ensemble;

import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import java.util.ArrayList;
import java.util.List;

/**
 * Time-ordered, purged and embargoed K-fold over a {@link Dataset} (Lopez de Prado, <i>Advances
 * in Financial Machine Learning</i>, 2018, ch. 7): the rows are cut into {@code k} contiguous
 * blocks in time order; for held-out block {@code j} the training rows are the other blocks'
 * rows minus
 *
 * <ul>
 *   <li><b>purged before</b>: every row from the first one whose label ends at or after the
 *       held-out block's first timestamp (the training rows before the block are a prefix, so
 *       a row with a long label window purges everything after it as well);</li>
 *   <li><b>purged after</b>: every row whose timestamp is not after the latest label end of the
 *       held-out rows (its features would lie inside a held-out label window);</li>
 *   <li><b>embargo</b>: then the first {@code embargoBars} distinct timestamps after that, for
 *       serial correlation beyond the label window.</li>
 * </ul>
 *
 * So no training row's label interval {@code [timestamp, labelEnd]} overlaps any held-out
 * row's. Block boundaries never cut through one timestamp (all symbols' rows of a bar are in
 * the same block). Stateless and thread-safe.
 */
public final class PurgedKFold {
    /** Default number of folds. */
    public static final int DEFAULT_FOLDS = 5;

    private final int folds;
    private final int embargoBars;

    /**
     * @param folds       number of blocks, at least 2
     * @param embargoBars distinct timestamps dropped after each held-out block's purge, at least 0
     */
    public PurgedKFold(int folds, int embargoBars) {
        if (folds < 2) throw new IllegalArgumentException("folds must be >= 2, was " + folds);
        if (embargoBars < 0) throw new IllegalArgumentException("embargoBars must be >= 0, was " + embargoBars);
        this.folds = folds;
        this.embargoBars = embargoBars;
    }

    public int folds() {
        return folds;
    }

    public int embargoBars() {
        return embargoBars;
    }

    /**
     * One fold: held-out rows {@code [heldOutStart, heldOutEnd)}; training rows
     * {@code [0, trainBeforeEnd)} and {@code [trainAfterStart, rows)}.
     */
    public record Fold(int index, int trainBeforeEnd, int heldOutStart, int heldOutEnd, int trainAfterStart, int rows) {
        public Fold {
            if (!(0 <= trainBeforeEnd && trainBeforeEnd <= heldOutStart && heldOutStart < heldOutEnd
                    && heldOutEnd <= trainAfterStart && trainAfterStart <= rows)) {
                throw new IllegalArgumentException("inconsistent fold " + index + ": train [0, " + trainBeforeEnd + ") held out ["
                        + heldOutStart + ", " + heldOutEnd + ") train [" + trainAfterStart + ", " + rows + ")");
            }
        }

        public int trainRows() {
            return trainBeforeEnd + (rows - trainAfterStart);
        }

        public int heldOutRows() {
            return heldOutEnd - heldOutStart;
        }

        /** Whether row {@code i} is a training row of this fold. */
        public boolean isTrainRow(int i) {
            return i < trainBeforeEnd || i >= trainAfterStart;
        }
    }

    /**
     * The folds of {@code d}, in time order of their held-out blocks.
     *
     * @throws InvalidDataException if there are fewer distinct timestamps than folds, or a fold
     *         has no training row left after purging and embargo
     */
    public List<Fold> split(Dataset d) {
        int n = d.rows();
        long[] ts = d.timestamps();
        long[] end = d.labelEndTimestamps();
        int[] bounds = new int[folds + 1];
        bounds[folds] = n;
        for (int k = 1; k < folds; k++) bounds[k] = alignToTimestamp(ts, (int) Math.round((double) n * k / folds));
        for (int k = 0; k < folds; k++) {
            if (bounds[k] >= bounds[k + 1]) {
                throw new InvalidDataException(null, -1, "rows", n + " rows with too few distinct timestamps for " + folds
                        + " folds; expected at least " + folds + " distinct timestamps");
            }
        }
        List<Fold> out = new ArrayList<>(folds);
        for (int k = 0; k < folds; k++) {
            int start = bounds[k], stop = bounds[k + 1];
            int before = 0;
            while (before < start && end[before] < ts[start]) before++;
            long heldOutLabelEnd = Long.MIN_VALUE;
            for (int i = start; i < stop; i++) heldOutLabelEnd = Math.max(heldOutLabelEnd, end[i]);
            int after = stop;
            while (after < n && ts[after] <= heldOutLabelEnd) after++;
            after = skipTimestamps(ts, after, embargoBars);
            Fold f = new Fold(k, before, start, stop, after, n);
            if (f.trainRows() == 0) {
                throw new InvalidDataException(null, start, "rows", "fold " + k + " of " + folds + " has no training row left after"
                        + " purging and an embargo of " + embargoBars + " bars (" + n + " rows); expected more rows or fewer folds");
            }
            out.add(f);
        }
        return out;
    }

    /** The training rows of {@code fold} as one dataset (copied). */
    public static Dataset trainRows(Dataset d, Fold fold) {
        return d.slice(0, fold.trainBeforeEnd()).append(d.slice(fold.trainAfterStart(), d.rows()));
    }

    /** Moves an index forward to the first row of a new timestamp. */
    private static int alignToTimestamp(long[] ts, int i) {
        if (i <= 0) return 0;
        if (i >= ts.length) return ts.length;
        while (i < ts.length && ts[i] == ts[i - 1]) i++;
        return i;
    }

    private static int skipTimestamps(long[] ts, int i, int count) {
        for (int skipped = 0; skipped < count && i < ts.length; skipped++) {
            long t = ts[i];
            while (i < ts.length && ts[i] == t) i++;
        }
        return i;
    }
}
