package dev.clm.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.BarSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The time merge against a plain sort by (time, symbol, row): on a common grid of fixed
 * intervals (the counting merge), with a time off the grid, with spans too long for the grid
 * (the tournament), and with symbols that have no rows.
 */
class TimeMergeTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"grid", "off-grid", "sparse", "empty-symbols", "one-symbol"})
    @DisplayName("positions, timestamps and symbol ids equal a stable sort by time, ties in symbol order")
    void equalsStableSort(String kind) {
        Random rnd = new Random(kind.hashCode());
        int symbols = kind.equals("one-symbol") ? 1 : 11;
        List<BarSeries> series = new ArrayList<>();
        int[][] rows = new int[symbols][];
        for (int s = 0; s < symbols; s++) {
            long step = (s % 3 == 0 ? 3_600_000L : 300_000L) * (kind.equals("sparse") ? 100_000 : 1);
            long t = 1_600_000_000_000L / 3_600_000L * 3_600_000L + step * rnd.nextInt(50);
            int n = 200 + rnd.nextInt(300);
            long[] ts = new long[n];
            for (int i = 0; i < n; i++) {
                ts[i] = t;
                t += step * (rnd.nextInt(10) == 0 ? 2 + rnd.nextInt(5) : 1); // fixed intervals with gaps
            }
            if (kind.equals("off-grid") && s == 4) ts[n - 1] += 1; // one time off the 5-minute grid
            double[] p = new double[n];
            Arrays.fill(p, 100);
            series.add(new BarSeries("S" + s, ts, p, p, p, p, p));
            List<Integer> r = new ArrayList<>();
            boolean empty = kind.equals("empty-symbols") && s % 4 == 1;
            for (int i = 0; i < n; i++) if (!empty && rnd.nextInt(5) != 0) r.add(i);
            rows[s] = r.stream().mapToInt(Integer::intValue).toArray();
        }
        int total = 0;
        for (int[] r : rows) total += r.length;
        long[] timestamps = new long[total];
        int[] symbolIds = new int[total];
        int[][] positions = TimeMerge.positions(series, rows, timestamps, symbolIds);

        List<long[]> expected = new ArrayList<>(); // {time, symbol, k}
        for (int s = 0; s < symbols; s++) {
            for (int k = 0; k < rows[s].length; k++) expected.add(new long[] {series.get(s).timestamps()[rows[s][k]], s, k});
        }
        expected.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]).thenComparingLong(e -> e[2]));
        for (int out = 0; out < total; out++) {
            long[] e = expected.get(out);
            assertThat(timestamps[out]).as("time of row %d", out).isEqualTo(e[0]);
            assertThat(symbolIds[out]).as("symbol of row %d", out).isEqualTo((int) e[1]);
            if (positions != null) assertThat(positions[(int) e[1]][(int) e[2]]).as("position of row %d", out).isEqualTo(out);
            else assertThat((int) e[2]).isEqualTo(out);
        }
    }
}
