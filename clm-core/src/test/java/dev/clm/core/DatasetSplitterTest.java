package dev.clm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetSplitterTest {
    static final long HOUR = 3_600_000L;

    /** {@code symbols} symbols, {@code bars} hourly rows each, labels ending {@code horizon} bars later. */
    static Dataset interleaved(int bars, int symbols, int horizon) {
        int n = bars * symbols;
        long[] ts = new long[n], end = new long[n];
        int[] sym = new int[n];
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) {
            ts[i] = (i / symbols) * HOUR;
            end[i] = ts[i] + horizon * HOUR;
            sym[i] = i % symbols;
            x[i] = i;
        }
        List<String> names = symbols == 1 ? List.of("A") : List.of("A", "B", "C").subList(0, symbols);
        return new Dataset(List.of("x"), names, ts, end, sym, x, y, null);
    }

    @Test
    void splitsAreInTimeOrderAndNoTrainingLabelReachesIntoALaterSplit() {
        Dataset d = interleaved(1000, 3, 12);
        DatasetSplitter.Split s = new DatasetSplitter(0.15, 0.15, 0, 10).split(d);
        long valStart = s.validation().timestamps()[0];
        long testStart = s.test().timestamps()[0];
        assertThat(s.train().timestamps()[s.train().rows() - 1]).isLessThan(valStart);
        assertThat(s.validation().timestamps()[s.validation().rows() - 1]).isLessThan(testStart);
        for (long e : s.train().labelEndTimestamps()) assertThat(e).isLessThan(valStart);
        for (long e : s.validation().labelEndTimestamps()) assertThat(e).isLessThan(testStart);
        // purging removed exactly the 12 bars x 3 symbols whose labels overlap the next split
        assertThat(s.train().rows() + s.validation().rows() + s.test().rows()).isEqualTo(d.rows() - 2 * 12 * 3);
        assertThat(s.test().rows()).isEqualTo(450);
    }

    @Test
    void boundariesNeverCutThroughOneTimestamp() {
        Dataset d = interleaved(1000, 3, 1);
        DatasetSplitter.Split s = new DatasetSplitter(0.15, 0.15, 0, 10).split(d);
        assertThat(s.test().rows() % 3).isZero();
        assertThat(s.validation().timestamps()[0]).isNotEqualTo(s.train().timestamps()[s.train().rows() - 1]);
    }

    @Test
    void embargoDropsTheFirstBarsOfLaterSplits() {
        Dataset d = interleaved(1000, 1, 1);
        DatasetSplitter.Split plain = new DatasetSplitter(0.15, 0.15, 0, 10).split(d);
        DatasetSplitter.Split embargoed = new DatasetSplitter(0.15, 0.15, 5, 10).split(d);
        assertThat(embargoed.test().rows()).isEqualTo(plain.test().rows() - 5);
        assertThat(embargoed.validation().rows()).isEqualTo(plain.validation().rows() - 5);
        assertThat(embargoed.test().timestamps()[0]).isEqualTo(plain.test().timestamps()[5]);
    }

    @Test
    void tooFewRowsIsATypedErrorSayingHowMany() {
        Dataset d = interleaved(100, 1, 12);
        assertThatThrownBy(() -> new DatasetSplitter(0.15, 0.15, 0, 100).split(d)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("too few rows").hasMessageContaining("100");
    }

    @Test
    void embargoAndPurgingEmptyingASplitIsATypedErrorNamingTheSplitAndTheRowCounts() {
        Dataset d = interleaved(2_000, 1, 12); // validation [1400, 1700): the embargo covers it, purging its last 12 rows
        assertThatThrownBy(() -> new DatasetSplitter(0.15, 0.15, 320, 10).split(d)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("validation split keeps 0 of its 300 rows").hasMessageContaining("embargo of 320 bars")
                .hasMessageContaining("train 1388, validation 0, test 0")
                .satisfies(e -> assertThat(((InvalidDataException) e).field()).isEqualTo("validation"));
        assertThatThrownBy(() -> new DatasetSplitter(0.3, 0.1, 195, 10).split(d)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("test split keeps 5 of its 200 rows")
                .satisfies(e -> assertThat(((InvalidDataException) e).field()).isEqualTo("test"));
    }
}
