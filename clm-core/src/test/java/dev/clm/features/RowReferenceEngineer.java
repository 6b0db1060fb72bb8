package dev.clm.features;

import dev.clm.api.BarSeries;
import dev.clm.api.MarketData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The feature matrix as clm computed it before the column-wise kernel, built the plainest way:
 * the per-bar reference {@link RowFeatureKernel} over each segment of each symbol, one row object
 * per emitted bar, rows sorted by (time, symbol), rows with a non-finite value dropped. The
 * regression test compares {@link TechnicalFeatureEngineer}'s output with it array for array.
 * Test-only.
 */
final class RowReferenceEngineer {
    /** The reference dataset's arrays. */
    record Matrix(long[] timestamps, long[] labelEnds, int[] symbolIds, float[] features, float[] labels) {}

    private record Row(long ts, int symbol, float[] features, float label, long labelEnd, boolean finite) {}

    private RowReferenceEngineer() {}

    static Matrix transform(FeatureConfig c, MarketData data, boolean labelled) {
        FeatureLayout layout = FeatureLayout.of(c);
        int warmup = layout.maxWarmup(), h = c.horizon(), cols = layout.columns();
        List<Row> rows = new ArrayList<>();
        for (int si = 0; si < data.series().size(); si++) {
            BarSeries s = data.series().get(si);
            if (s.isEmpty()) continue;
            Segments seg = Segments.of(s, c.maxGapBars());
            RowFeatureKernel kernel = new RowFeatureKernel(c, layout, s);
            long[] ts = s.timestamps();
            double[] close = s.close();
            int n = s.size();
            long lastStep = n > 1 ? ts[n - 1] - ts[n - 2] : 0;
            for (int g = 0; g < seg.count(); g++) {
                int a = seg.start(g), b = seg.end(g);
                int stop = labelled ? b - h : b;
                kernel.reset();
                for (int t = a; t < stop; t++) {
                    kernel.update(t);
                    if (t < a + warmup) continue;
                    float[] f = new float[cols];
                    boolean finite = kernel.write(t, f, 0);
                    float label;
                    long labelEnd;
                    if (t + h < b) {
                        label = (float) Math.log(close[t + h] / close[t]);
                        labelEnd = ts[t + h];
                    } else {
                        label = Float.NaN;
                        labelEnd = t + h < n ? ts[t + h] : ts[n - 1] + (t + h - (n - 1)) * lastStep;
                    }
                    rows.add(new Row(ts[t], si, f, label, labelEnd, finite));
                }
            }
        }
        rows.sort(Comparator.comparingLong(Row::ts).thenComparingInt(Row::symbol)); // stable: a symbol keeps its order
        rows.removeIf(r -> !r.finite());
        int m = rows.size();
        long[] timestamps = new long[m], labelEnds = new long[m];
        int[] symbolIds = new int[m];
        float[] features = new float[m * cols], labels = new float[m];
        for (int i = 0; i < m; i++) {
            Row r = rows.get(i);
            timestamps[i] = r.ts();
            labelEnds[i] = r.labelEnd();
            symbolIds[i] = r.symbol();
            labels[i] = r.label();
            System.arraycopy(r.features(), 0, features, i * cols, cols);
        }
        return new Matrix(timestamps, labelEnds, symbolIds, features, labels);
    }
}
