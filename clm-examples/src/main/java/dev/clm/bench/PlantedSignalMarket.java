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
        }
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
