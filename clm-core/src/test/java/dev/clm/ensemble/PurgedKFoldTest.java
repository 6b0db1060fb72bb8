package dev.clm.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import dev.clm.api.contract.TestDatasets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PurgedKFoldTest {
    static final long HOUR = 3_600_000L;

    /** {@code bars} hourly bars of {@code symbols} symbols (rows of a bar together), labels ending {@code horizon} bars later, some gaps. */
    static Dataset multiSymbol(int bars, int symbols, int horizon, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = bars * symbols;
        long[] ts = new long[n];
        long[] end = new long[n];
        int[] sym = new int[n];
        float[] x = new float[n];
        float[] y = new float[n];
        long t = 1_700_000_000_000L;
        int row = 0;
        for (int b = 0; b < bars; b++) {
            t += r.nextInt(20) == 0 ? 5 * HOUR : HOUR; // occasional gaps
            for (int s = 0; s < symbols; s++, row++) {
                ts[row] = t;
                // one symbol sometimes has a longer label window (a gap in its own series)
                end[row] = t + (s == 0 && r.nextInt(30) == 0 ? 3 * horizon : horizon) * HOUR;
                sym[row] = s;
                x[row] = (float) r.nextDouble();
                y[row] = (float) (r.nextDouble() - 0.5);
            }
        }
        List<String> names = new ArrayList<>();
        for (int s = 0; s < symbols; s++) names.add("S" + s);
        return new Dataset(List.of("f0"), names, ts, end, sym, x, y, null);
    }

    @ParameterizedTest(name = "k={0} embargo={1} symbols={2}")
    @CsvSource({"5,0,1", "5,12,1", "5,12,3", "3,4,2", "10,24,1"})
    @DisplayName("no training row's label interval overlaps a held-out row's; embargo and time order respected")
    void foldsArePurgedEmbargoedAndInTimeOrder(int k, int embargo, int symbols) {
        Dataset d = multiSymbol(600, symbols, 12, k * 31L + embargo);
        List<PurgedKFold.Fold> folds = new PurgedKFold(k, embargo).split(d);
        long[] ts = d.timestamps();
        long[] end = d.labelEndTimestamps();
        assertThat(folds).hasSize(k);
        int expectedStart = 0;
        for (PurgedKFold.Fold f : folds) {
            // time order: held-out blocks are contiguous, consecutive and cover every row once
            assertThat(f.heldOutStart()).isEqualTo(expectedStart);
            expectedStart = f.heldOutEnd();
            // no timestamp is split between a held-out block and its neighbours
            if (f.heldOutStart() > 0) assertThat(ts[f.heldOutStart() - 1]).isLessThan(ts[f.heldOutStart()]);
            if (f.heldOutEnd() < d.rows()) assertThat(ts[f.heldOutEnd()]).isGreaterThan(ts[f.heldOutEnd() - 1]);
            long heldStart = ts[f.heldOutStart()];
            long heldLabelEnd = Long.MIN_VALUE;
            for (int j = f.heldOutStart(); j < f.heldOutEnd(); j++) heldLabelEnd = Math.max(heldLabelEnd, end[j]);
            int trainCount = 0;
            for (int i = 0; i < d.rows(); i++) {
                if (!f.isTrainRow(i)) continue;
                trainCount++;
                assertThat(i < f.heldOutStart() || i >= f.heldOutEnd()).isTrue();
                // disjoint label intervals [ts, end] of train row i and every held-out row
                boolean disjoint = end[i] < heldStart || ts[i] > heldLabelEnd;
                assertThat(disjoint).as("fold %d train row %d [%d, %d] vs held out [%d, %d]", f.index(), i, ts[i], end[i],
                        heldStart, heldLabelEnd).isTrue();
            }
            assertThat(trainCount).isEqualTo(f.trainRows()).isPositive();
            // embargo: exactly `embargo` distinct timestamps between the purge and the first training row after
            if (f.trainAfterStart() < d.rows()) {
                TreeSet<Long> skipped = new TreeSet<>();
                for (int i = f.heldOutEnd(); i < f.trainAfterStart(); i++) if (ts[i] > heldLabelEnd) skipped.add(ts[i]);
                assertThat(skipped).hasSize(embargo);
                assertThat(ts[f.trainAfterStart()]).isGreaterThan(heldLabelEnd);
            }
            // purging is not overdone: the row right after the kept prefix really overlaps the held-out block
            if (f.trainBeforeEnd() < f.heldOutStart()) assertThat(end[f.trainBeforeEnd()]).isGreaterThanOrEqualTo(heldStart);
        }
        assertThat(expectedStart).isEqualTo(d.rows());
    }

    @Test
    @DisplayName("hand-checked single-symbol case: 100 hourly rows, labels 12 bars ahead, 5 folds, embargo 3")
    void handCheckedBoundaries() {
        Dataset d = TestDatasets.linear(100, 2, 1, 0.5, 1, 0);
        List<PurgedKFold.Fold> folds = new PurgedKFold(5, 3).split(d);
        PurgedKFold.Fold middle = folds.get(2);
        assertThat(middle.heldOutStart()).isEqualTo(40);
        assertThat(middle.heldOutEnd()).isEqualTo(60);
        // row i's label ends at hour i+12: rows 0..27 end before hour 40, row 28 ends at 40 (purged)
        assertThat(middle.trainBeforeEnd()).isEqualTo(28);
        // held-out labels end at hour 59+12 = 71; rows from 72 on are clear, then 3 embargoed hours
        assertThat(middle.trainAfterStart()).isEqualTo(75);
        assertThat(folds.get(0).trainBeforeEnd()).isZero();
        assertThat(folds.get(4).trainAfterStart()).isEqualTo(100);
        Dataset train = PurgedKFold.trainRows(d, middle);
        assertThat(train.rows()).isEqualTo(28 + 25);
        assertThat(train.timestamps()[27]).isEqualTo(27 * HOUR);
        assertThat(train.timestamps()[28]).isEqualTo(75 * HOUR);
    }

    @Test
    void badArgumentsAndTooFewRowsAreRejected() {
        assertThatThrownBy(() -> new PurgedKFold(1, 0)).hasMessageContaining("folds");
        assertThatThrownBy(() -> new PurgedKFold(5, -1)).hasMessageContaining("embargoBars");
        Dataset tiny = TestDatasets.linear(4, 1, 1, 0.5, 1, 0);
        assertThatThrownBy(() -> new PurgedKFold(5, 0).split(tiny)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("distinct timestamps");
        // 30 rows, labels 12 bars long, 2 folds: the first fold loses every later row to purge + embargo
        Dataset shortSeries = TestDatasets.linear(30, 1, 1, 0.5, 1, 0);
        assertThatThrownBy(() -> new PurgedKFold(2, 10).split(shortSeries)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("no training row");
    }
}
