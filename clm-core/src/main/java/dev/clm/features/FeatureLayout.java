package dev.clm.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Column names and per-column warm-up (bars of history a column needs before it is defined)
 * of a {@link FeatureConfig} and the user's {@link FeatureFamily}s (their columns after the
 * built-in ones), in the order of the matrix columns {@link FeatureKernel} writes. Disabled
 * indicators have no columns, and their warm-up does not count. Immutable.
 */
final class FeatureLayout {
    private final List<String> names;
    private final int[] warmups;
    private final int maxWarmup;
    private final List<FeatureFamily> families;
    private final int userLookback;

    private FeatureLayout(List<String> names, int[] warmups, List<FeatureFamily> families, int userLookback, int labelWarmup) {
        this.names = Collections.unmodifiableList(names);
        this.warmups = warmups;
        int m = labelWarmup; // the label's trailing volatility needs its bars too
        for (int w : warmups) m = Math.max(m, w);
        this.maxWarmup = m;
        this.families = List.copyOf(families);
        this.userLookback = userLookback;
    }

    static FeatureLayout of(FeatureConfig c) {
        return of(c, List.of());
    }

    /** The layout of {@code c}'s enabled built-in columns followed by the columns of {@code families}. */
    static FeatureLayout of(FeatureConfig c, List<FeatureFamily> families) {
        List<String> n = new ArrayList<>();
        List<Integer> w = new ArrayList<>();
        int f = c.smoothingWarmupFactor();
        for (int p : c.returnPeriods()) add(n, w, "log_ret_" + p, p);
        for (int p : c.maPeriods()) add(n, w, "sma_ratio_" + p, p - 1);
        for (int p : c.maPeriods()) add(n, w, "ema_ratio_" + p, f * p);
        for (int p : c.rsiPeriods()) add(n, w, "rsi_" + p, f * p);
        int macdLine = f * c.macdSlow();
        int macdSignal = macdLine + f * c.macdSignal();
        if (c.enabled("macd")) {
            add(n, w, "macd_norm", macdLine);
            add(n, w, "macd_signal_norm", macdSignal);
            add(n, w, "macd_hist_norm", macdSignal);
        }
        int bb = c.bollingerPeriod();
        if (c.enabled("bollinger")) {
            add(n, w, "bb_pct_b_" + bb, bb - 1);
            add(n, w, "bb_width_" + bb, bb - 1);
        }
        int atr = c.atrPeriod();
        if (c.enabled("atr")) {
            add(n, w, "atr_" + atr, f * atr);
            add(n, w, "atr_pct_" + atr, f * atr);
        }
        int adx = c.adxPeriod();
        if (c.enabled("adx")) {
            add(n, w, "adx_" + adx, 2 * f * adx);
            add(n, w, "plus_di_" + adx, f * adx);
            add(n, w, "minus_di_" + adx, f * adx);
        }
        int st = c.stochPeriod();
        if (c.enabled("stochastic")) {
            add(n, w, "stoch_k_" + st, st - 1);
            add(n, w, "stoch_d_" + st, st - 1 + c.stochSmooth() - 1);
        }
        if (c.enabled("williams")) add(n, w, "williams_r_" + c.williamsPeriod(), c.williamsPeriod() - 1);
        if (c.enabled("cci")) add(n, w, "cci_" + c.cciPeriod(), c.cciPeriod() - 1);
        for (int p : c.rocPeriods()) add(n, w, "roc_" + p, p);
        if (c.enabled("obv")) add(n, w, "obv_norm_" + c.obvPeriod(), c.obvPeriod());
        if (c.enabled("mfi")) add(n, w, "mfi_" + c.mfiPeriod(), c.mfiPeriod());
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
        if (c.enabled("bar")) {
            add(n, w, "hl_range", 0);
            add(n, w, "close_location", 0);
        }
        if (c.timeFeatures()) {
            add(n, w, "tod_sin", 0);
            add(n, w, "tod_cos", 0);
            add(n, w, "dow_sin", 0);
            add(n, w, "dow_cos", 0);
        }
        for (int k = 0; k < c.returnLags(); k++) add(n, w, "ret_lag_" + k, c.returnLags());
        int lookback = 0;
        Set<String> familyNames = new HashSet<>();
        Set<String> seen = new HashSet<>(n);
        for (FeatureFamily fam : families) {
            String name = fam.name();
            FeatureFamilies.checkName(name);
            if (!familyNames.add(name)) throw new IllegalArgumentException("feature family '" + name + "' is added twice");
            List<String> cols = fam.columns();
            if (cols == null || cols.isEmpty()) throw new IllegalArgumentException("feature family '" + name + "' declares no columns");
            int lb = fam.lookback();
            if (lb < 0 || lb > 10_000) {
                throw new IllegalArgumentException("feature family '" + name + "': lookback must be in [0, 10000], was " + lb);
            }
            lookback = Math.max(lookback, lb);
            for (int i = 0; i < cols.size(); i++) {
                String col = cols.get(i);
                if (col == null || col.isBlank() || !seen.add(col)) {
                    throw new IllegalArgumentException("feature family '" + name + "': column '" + col + "' is blank or not unique");
                }
                int wu = fam.warmup(i);
                if (wu < 0 || wu > 100_000) {
                    throw new IllegalArgumentException("feature family '" + name + "': warm-up of column '" + col
                            + "' must be in [0, 100000], was " + wu);
                }
                add(n, w, col, wu);
            }
        }
        int[] warm = new int[w.size()];
        for (int i = 0; i < warm.length; i++) warm[i] = w.get(i);
        return new FeatureLayout(n, warm, families, lookback, c.labelWarmup());
    }

    /** The user families, in column order. */
    List<FeatureFamily> families() {
        return families;
    }

    /** The longest look-back a user family declared (0 without families). */
    int userLookback() {
        return userLookback;
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

    /** The longest warm-up of a column or of the label: rows before it are never emitted. */
    int maxWarmup() {
        return maxWarmup;
    }
}
