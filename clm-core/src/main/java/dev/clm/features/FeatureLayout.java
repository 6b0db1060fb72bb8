package dev.clm.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Column names and per-column warm-up (bars of history a column needs before it is defined)
 * of a {@link FeatureConfig}, in the order of the matrix columns {@link FeatureKernel} writes. Immutable.
 */
final class FeatureLayout {
    private final List<String> names;
    private final int[] warmups;
    private final int maxWarmup;

    private FeatureLayout(List<String> names, int[] warmups) {
        this.names = Collections.unmodifiableList(names);
        this.warmups = warmups;
        int m = 0;
        for (int w : warmups) m = Math.max(m, w);
        this.maxWarmup = m;
    }

    static FeatureLayout of(FeatureConfig c) {
        List<String> n = new ArrayList<>();
        List<Integer> w = new ArrayList<>();
        int f = c.smoothingWarmupFactor();
        for (int p : c.returnPeriods()) add(n, w, "log_ret_" + p, p);
        for (int p : c.maPeriods()) add(n, w, "sma_ratio_" + p, p - 1);
        for (int p : c.maPeriods()) add(n, w, "ema_ratio_" + p, f * p);
        for (int p : c.rsiPeriods()) add(n, w, "rsi_" + p, f * p);
        int macdLine = f * c.macdSlow();
        int macdSignal = macdLine + f * c.macdSignal();
        add(n, w, "macd_norm", macdLine);
        add(n, w, "macd_signal_norm", macdSignal);
        add(n, w, "macd_hist_norm", macdSignal);
        int bb = c.bollingerPeriod();
        add(n, w, "bb_pct_b_" + bb, bb - 1);
        add(n, w, "bb_width_" + bb, bb - 1);
        int atr = c.atrPeriod();
        add(n, w, "atr_" + atr, f * atr);
        add(n, w, "atr_pct_" + atr, f * atr);
        int adx = c.adxPeriod();
        add(n, w, "adx_" + adx, 2 * f * adx);
        add(n, w, "plus_di_" + adx, f * adx);
        add(n, w, "minus_di_" + adx, f * adx);
        int st = c.stochPeriod();
        add(n, w, "stoch_k_" + st, st - 1);
        add(n, w, "stoch_d_" + st, st - 1 + c.stochSmooth() - 1);
        add(n, w, "williams_r_" + c.williamsPeriod(), c.williamsPeriod() - 1);
        add(n, w, "cci_" + c.cciPeriod(), c.cciPeriod() - 1);
        for (int p : c.rocPeriods()) add(n, w, "roc_" + p, p);
        add(n, w, "obv_norm_" + c.obvPeriod(), c.obvPeriod());
        add(n, w, "mfi_" + c.mfiPeriod(), c.mfiPeriod());
        for (int p : c.volatilityPeriods()) {
            add(n, w, "vol_cc_" + p, p);
            add(n, w, "vol_parkinson_" + p, p - 1);
            add(n, w, "vol_gk_" + p, p - 1);
        }
        for (int p : c.zscorePeriods()) {
            add(n, w, "zscore_close_" + p, p - 1);
            add(n, w, "zscore_volume_" + p, p - 1);
        }
        for (int p : c.volumeRatioPeriods()) add(n, w, "volume_ratio_" + p, p - 1);
        add(n, w, "hl_range", 0);
        add(n, w, "close_location", 0);
        if (c.timeFeatures()) {
            add(n, w, "tod_sin", 0);
            add(n, w, "tod_cos", 0);
            add(n, w, "dow_sin", 0);
            add(n, w, "dow_cos", 0);
        }
        for (int k = 0; k < c.returnLags(); k++) add(n, w, "ret_lag_" + k, c.returnLags());
        int[] warm = new int[w.size()];
        for (int i = 0; i < warm.length; i++) warm[i] = w.get(i);
        return new FeatureLayout(n, warm);
    }

    private static void add(List<String> names, List<Integer> warmups, String name, int warmup) {
        names.add(name);
        warmups.add(warmup);
    }

    List<String> names() {
        return names;
    }

    int columns() {
        return names.size();
    }

    /** Bars of history column {@code i} needs: it is defined from segment-relative index {@code warmup(i)} on. */
    int warmup(int i) {
        return warmups[i];
    }

    /** The longest warm-up: rows before it are never emitted. */
    int maxWarmup() {
        return maxWarmup;
    }
}
