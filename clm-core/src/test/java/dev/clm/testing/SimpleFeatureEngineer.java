package dev.clm.testing;

import dev.clm.api.BarSeries;
import dev.clm.api.Dataset;
import dev.clm.api.FeatureEngineer;
import dev.clm.api.MarketData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small feature engineer for tests of the orchestration (the full technical set is
 * {@code dev.clm.features}): 1-bar log returns at lags 0..3, log(close / SMA) over 24 and 72
 * bars, and 24-bar realised volatility; label = forward log return over {@code horizon} bars.
 * Features at row t use bars up to t only.
 */
public final class SimpleFeatureEngineer implements FeatureEngineer {
    private static final List<String> NAMES = List.of("ret_0", "ret_1", "ret_2", "ret_3", "close_sma24", "close_sma72", "vol24");
    private static final int WARMUP = 73;
    private final int horizon;

    public SimpleFeatureEngineer(int horizon) {
        this.horizon = horizon;
    }

    @Override
    public Dataset transform(MarketData data) {
        return build(data, true);
    }

    @Override
    public Dataset transformForPrediction(MarketData data) {
        return build(data, false);
    }

    private Dataset build(MarketData data, boolean labelled) {
        List<long[]> rows = new ArrayList<>(); // {timestamp, symbolId, series index}
        List<String> symbols = data.symbols();
        for (int s = 0; s < data.series().size(); s++) {
            BarSeries b = data.series().get(s);
            int last = labelled ? b.size() - horizon : b.size();
            for (int t = WARMUP; t < last; t++) rows.add(new long[] {b.timestamps()[t], s, t});
        }
        rows.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int n = rows.size(), p = NAMES.size();
        long[] ts = new long[n], end = new long[n];
        int[] sym = new int[n];
        float[] x = new float[n * p], y = new float[n];
        for (int i = 0; i < n; i++) {
            long[] r = rows.get(i);
            BarSeries b = data.series().get((int) r[1]);
            int t = (int) r[2];
            double[] c = b.close();
            ts[i] = r[0];
            sym[i] = (int) r[1];
            for (int k = 0; k < 4; k++) x[i * p + k] = (float) Math.log(c[t - k] / c[t - k - 1]);
            x[i * p + 4] = (float) Math.log(c[t] / sma(c, t, 24));
            x[i * p + 5] = (float) Math.log(c[t] / sma(c, t, 72));
            double ss = 0;
            for (int k = 0; k < 24; k++) {
                double r1 = Math.log(c[t - k] / c[t - k - 1]);
                ss += r1 * r1;
            }
            x[i * p + 6] = (float) Math.sqrt(ss / 24);
            boolean known = t + horizon < b.size();
            y[i] = known ? (float) Math.log(c[t + horizon] / c[t]) : Float.NaN;
            end[i] = known ? b.timestamps()[t + horizon] : Long.MAX_VALUE;
        }
        return new Dataset(NAMES, symbols, ts, end, sym, x, y, null);
    }

    private static double sma(double[] c, int t, int k) {
        double s = 0;
        for (int j = 0; j < k; j++) s += c[t - j];
        return s / k;
    }

    @Override
    public List<String> featureNames() {
        return NAMES;
    }

    @Override
    public int horizon() {
        return horizon;
    }

    @Override
    public int warmupBars() {
        return WARMUP;
    }

    @Override
    public Map<String, String> config() {
        return Map.of("engineer", "simple", "horizon", Integer.toString(horizon));
    }
}
