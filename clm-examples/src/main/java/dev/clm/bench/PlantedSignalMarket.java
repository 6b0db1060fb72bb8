package dev.clm.bench;

import dev.clm.api.BarSeries;
import dev.clm.api.MarketData;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Real candles with a predictable component planted in their returns: each bar's log return
 * becomes the real one plus {@code beta / 24} times the sum of the previous 24 (planted) bar
 * returns, a momentum the features can see (moving-average ratios, rate of change). The noise is
 * the real market's: its volatility clustering, fat tails and cross-symbol correlation.
 * {@link #oracleR2} is the MSE skill over the zero forecast of the true conditional mean of the
 * 12-bar label (the planted recursion run forward with the unpredictable real returns set to
 * zero): the most any model could reach.
 */
final class PlantedSignalMarket extends DerivedMarket {
    private static final int MOMENTUM_BARS = 24;
    private double sse, sst;
    /** Per series: signal times, the true conditional mean of each label, the label and its end time. */
    private final List<long[]> oracleTimes = new ArrayList<>(), oracleEnds = new ArrayList<>();
    private final List<double[]> oracleMeans = new ArrayList<>(), oracleLabels = new ArrayList<>();

    PlantedSignalMarket(MarketData real, double beta, int horizon, Clock clock) {
        super(clock);
        List<BarSeries> out = new ArrayList<>();
        for (BarSeries s : real.series()) out.add(plant(s, beta, horizon));
        serve(new MarketData(out));
    }

    /** MSE skill of the true conditional mean of the label over the zero forecast, pooled over all symbols and bars. */
    double oracleR2() {
        return 1 - sse / sst;
    }

    /**
     * Whether the true conditional mean beats the zero forecast (lower MAE, all symbols pooled) on the labels
     * whose signal time is in {@code [from, to)} and which end by {@code to}: a month the best possible model wins.
     */
    boolean oracleBeatsZero(java.time.Instant from, java.time.Instant to) {
        double model = 0, zero = 0;
        for (int k = 0; k < oracleTimes.size(); k++) {
            long[] ts = oracleTimes.get(k), end = oracleEnds.get(k);
            double[] mean = oracleMeans.get(k), label = oracleLabels.get(k);
            for (int i = 0; i < ts.length; i++) {
                if (ts[i] < from.toEpochMilli() || ts[i] >= to.toEpochMilli() || end[i] > to.toEpochMilli()) continue;
                model += Math.abs(label[i] - mean[i]);
                zero += Math.abs(label[i]);
            }
        }
        return zero > 0 && model < zero;
    }

    private BarSeries plant(BarSeries s, double beta, int horizon) {
        int n = s.size();
        double[] ro = s.open(), rh = s.high(), rl = s.low(), rc = s.close();
        double[] r = new double[n];                  // planted bar log returns
        double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n];
        c[0] = rc[0];
        o[0] = ro[0];
        for (int i = 1; i < n; i++) {
            r[i] = Math.log(rc[i] / rc[i - 1]) + beta * momentum(r, i) / MOMENTUM_BARS;
            o[i] = c[i - 1];
            c[i] = c[i - 1] * Math.exp(r[i]);
        }
        for (int i = 0; i < n; i++) {
            double realTop = Math.max(ro[i], rc[i]), realBottom = Math.min(ro[i], rc[i]);
            h[i] = Math.max(o[i], c[i]) * Math.max(1.0, rh[i] / realTop);
            l[i] = Math.min(o[i], c[i]) * Math.min(1.0, rl[i] / realBottom);
        }
        double[] path = new double[MOMENTUM_BARS + horizon];
        int m = Math.max(0, n - horizon - MOMENTUM_BARS);
        long[] times = new long[m], ends = new long[m];
        double[] means = new double[m], labels = new double[m];
        for (int t = MOMENTUM_BARS; t + horizon < n; t++) {
            // the known past, then the planted part alone forward: the conditional mean of the label
            System.arraycopy(r, t - MOMENTUM_BARS + 1, path, 0, MOMENTUM_BARS);
            double expected = 0;
            for (int k = 0; k < horizon; k++) {
                path[MOMENTUM_BARS + k] = beta * momentum(path, MOMENTUM_BARS + k) / MOMENTUM_BARS;
                expected += path[MOMENTUM_BARS + k];
            }
            double label = Math.log(c[t + horizon] / c[t]);
            sse += (label - expected) * (label - expected);
            sst += label * label;
            int j = t - MOMENTUM_BARS;
            times[j] = s.timestamps()[t];
            ends[j] = s.timestamps()[t + horizon];
            means[j] = expected;
            labels[j] = label;
        }
        oracleTimes.add(times);
        oracleEnds.add(ends);
        oracleMeans.add(means);
        oracleLabels.add(labels);
        return new BarSeries(s.symbol(), s.timestamps().clone(), o, h, l, c, s.volume().clone());
    }

    /** Sum of the {@value #MOMENTUM_BARS} returns before index {@code i} (fewer at the start). */
    private static double momentum(double[] r, int i) {
        double m = 0;
        for (int j = Math.max(0, i - MOMENTUM_BARS); j < i; j++) m += r[j];
        return m;
    }

    @Override
    public String describeSource() {
        return "real candles with a planted 24-bar momentum in their returns (" + all().symbols() + ")";
    }
}
