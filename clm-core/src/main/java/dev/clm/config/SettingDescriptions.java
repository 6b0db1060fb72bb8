package dev.clm.config;

import java.util.HashMap;
import java.util.Map;

/** Meaning, unit and range of every setting, for {@link ClmConfig#settings()} and the README table. */
final class SettingDescriptions {
    private static final Map<String, String> TEXT = new HashMap<>();

    private SettingDescriptions() {}

    private static void d(String key, String text) {
        TEXT.put(key, text);
    }

    static String of(String key) {
        String t = TEXT.get(key);
        if (t != null) return t;
        if (key.startsWith("features.")) return "feature engine setting (see `FeatureConfig`)";
        throw new IllegalStateException("setting " + key + " has no description");
    }

    static {
        d("cycle.retraining-type", "FULL, PARTIAL or INCREMENTAL (warm start from the active model)");
        d("cycle.training-lookback", "how far back training data reaches; > 0");
        d("cycle.incremental-min-rows", "INCREMENTAL with fewer new training rows than this trains from scratch; >= 1");
        d("split.validation-fraction", "share of rows (newest before test) for early stopping; (0, 0.49]");
        d("split.test-fraction", "newest share held out for evaluation and the replay shadow test; (0, 0.49], with validation < 0.8");
        d("split.embargo-bars", "extra bars dropped at split boundaries on top of label purging; >= 0");
        d("split.walk-forward-folds", "test folds a candidate is judged on: the test split and folds before it, each forecast by a refit on the training lookback before it; [1, 20]");
        d("split.walk-forward-fold", "length of each walk-forward fold before the test split; positive duration");
        d("split.min-rows", "fewest rows each split keeps after purging, else the cycle fails for too little data; >= 1");
        d("triggers.retrain-interval", "TIME trigger: age of the active model; > 0");
        d("triggers.data-threshold-bars", "DATA_VOLUME trigger: new bars since the active model's data ended; >= 1");
        d("triggers.performance-alpha", "PERFORMANCE_DECAY: level of the test that the ACTIVE is worse than the zero forecast live (it is then demoted); (0, 0.5]");
        d("triggers.performance-window", "recent window the decay check scores the active model on; <= cycle.training-lookback");
        d("triggers.performance-min-rows", "fewest labelled rows in that window for the decay check to judge; >= 1");
        d("shadow.min-samples", "samples with outcomes a shadow decision is taken on (fixed horizon); >= 3");
        d("shadow.min-improvement", "relative loss reduction the shadow must reach; [0, 1)");
        d("shadow.alpha", "one-sided significance level of the promotion test; (0, 0.5)");
        d("shadow.loss", "loss of the fold tests and the improvement: ABSOLUTE or SQUARED");
        d("shadow.hac-lag", "Newey-West lag, or -1 for max(horizon - 1, rule of thumb); >= -1");
        d("shadow.small-sample-correction", "Harvey-Leybourne-Newbold correction with Student-t p-values");
        d("shadow.hit-rate", "what the paired hit-rate test must show: BETTER, NOT_WORSE or IGNORE");
        d("shadow.max-drawdown-ratio", "shadow max drawdown at most active's x this; Infinity disables; > 0");
        d("shadow.auto-promote", "promote on PROMOTE (else publish learning.shadow.promotion.recommended)");
        d("shadow.rollback-window-samples", "outcomes of a newly promoted model watched for rollback; 0 disables, else >= 10");
        d("shadow.rollback-alpha", "one-sided level of the degradation tests; (0, 0.5)");
        d("shadow.rollback-min-degradation", "relative loss increase that counts as a degradation; [0, 1)");
        d("shadow.auto-rollback", "roll back automatically on a significant degradation");
        d("recorder.ring-capacity", "slots of the live recorder's lock-free ring; power of two >= 2");
        d("recorder.spill-capacity", "records held beyond the ring before callers wait; >= 0");
        d("recorder.batch-size", "samples per store insert; >= 1");
        d("recorder.flush-interval-millis", "idle wait of the background flusher, ms; >= 1");
        d("recorder.max-pending-outcomes", "samples remembered while awaiting their outcome; >= 0");
        d("recorder.first-sample-id", "first sample id, or -1 for clock millis x 4096; >= -1");
        d("drift.alpha", "significance level of the corrected drift p-values; (0, 1)");
        d("drift.psi-medium", "PSI of a MEDIUM drift; (0, drift.psi-high)");
        d("drift.psi-high", "PSI of a HIGH drift; > drift.psi-medium");
        d("drift.bins", "PSI quantile bins; [2, 1000]");
        d("drift.epsilon", "PSI empty-bin floor; (0, 1/bins)");
        d("drift.critical-high-features", "this many HIGH features make a check CRITICAL; >= 1");
        d("drift.correction", "multiple-testing correction across features: BENJAMINI_HOCHBERG, BONFERRONI or NONE");
        d("drift.performance-decay", "performance drift MEDIUM at this relative decay; (0, high-decay)");
        d("drift.performance-high-decay", "performance drift HIGH at this relative decay; (decay, collapse)");
        d("drift.performance-collapse", "performance drift CRITICAL at this relative decay; (high-decay, 1]");
        d("drift.parallel", "test features in parallel on the common pool");
        d("supervisor.min-winrate", "DEGRADED below this winrate; (0, 1)");
        d("supervisor.max-calibration-error", "DEGRADED above this expected calibration error; (0, 1)");
        d("supervisor.max-latency-millis", "DEGRADED above this p99 latency, ms; > 0");
        d("supervisor.max-long-short-ratio", "DEGRADED above this long/short ratio; > 1");
        d("supervisor.min-long-short-ratio", "DEGRADED below this long/short ratio; (0, 1)");
        d("supervisor.min-samples", "fewest outcomes/predictions before a rule is judged; >= 1");
        d("supervisor.inbox-capacity", "per model: records logged between two drains; power of two >= 16");
        d("supervisor.history-capacity", "per model: drained predictions kept for health windows; power of two >= 16");
        d("supervisor.calibration-bins", "confidence bins of the calibration error; [2, 100]");
        d("supervisor.outcome-horizon-millis", "time over which an outcome is realised (ms): outcomes closer together overlap, so the win-rate band counts one per horizon; >= 1");
        d("schedule.auto-retraining", "the scheduler and the drift/degradation reactions may retrain by themselves");
        d("schedule.retraining", "interval of the retraining check; > 0");
        d("schedule.drift-check", "interval of the drift check; > 0");
        d("schedule.performance-check", "interval of the performance check; > 0");
        d("schedule.shadow-promotion", "interval of the shadow-promotion review; > 0");
        d("schedule.tick", "how often the scheduler looks at the clock; (0, shortest interval]");
        d("schedule.cadence-check", "how often registered training cadences are checked; > 0");
        d("schedule.health-window", "window of the supervisor's periodic health snapshots; > 0");
        d("features.horizon", "label horizon in bars (forward log return); also the shadow test's forecast horizon; [1, 10000]");
        d("features.return-periods", "log-return periods, bars");
        d("features.ma-periods", "SMA and EMA price-ratio periods, bars");
        d("features.rsi-periods", "RSI periods, bars");
        d("features.macd-fast", "MACD fast EMA, bars");
        d("features.macd-slow", "MACD slow EMA, bars");
        d("features.macd-signal", "MACD signal EMA, bars");
        d("features.bollinger-period", "Bollinger band period, bars");
        d("features.bollinger-k", "Bollinger band width in standard deviations");
        d("features.atr-period", "ATR period, bars");
        d("features.adx-period", "ADX period, bars");
        d("features.stoch-period", "stochastic %K period, bars");
        d("features.stoch-smooth", "stochastic %D smoothing, bars");
        d("features.williams-period", "Williams %R period, bars");
        d("features.cci-period", "CCI period, bars");
        d("features.roc-periods", "rate-of-change periods, bars");
        d("features.obv-period", "OBV slope period, bars");
        d("features.mfi-period", "money flow index period, bars");
        d("features.volatility-periods", "realised volatility periods, bars");
        d("features.zscore-periods", "price z-score periods, bars");
        d("features.volume-ratio-periods", "volume ratio periods, bars");
        d("features.time-features", "hour-of-day and day-of-week columns");
        d("features.return-lags", "ret_lag_k columns for sequence models; 0 = none");
        d("features.max-gap-bars", "a gap of more missing bars restarts every indicator's warm-up");
        d("features.smoothing-warmup-factor", "recursive smoothers count as warm after this many periods");
        d("features.label", "what the labels are: forward_log_return, direction, vol_scaled_return or regime (see LabelKind)");
        d("rl.min-reset-interval", "regime resets of the RL agents closer together are skipped; >= 0");
        d("storage.jdbc-url", "database of ClmDatabase.open(config): jdbc:postgresql:... or jdbc:h2:...; empty = embedded H2");
        d("storage.data-directory", "directory of the embedded database and the model artifacts");
        d("http.host", "address the control plane binds; loopback unless set otherwise");
        d("http.port", "TCP port of the control plane; 0 = any free port");
        d("http.token", "bearer token of state-changing endpoints, >= 16 characters; empty = read-only API; never printed");
        d("http.max-body-bytes", "largest request body accepted (413 above), in [1, 1048576]");
        d("http.threads", "request-handling threads, in [1, 256]");
        d("http.dashboard-refresh", "how often the dashboard reloads itself, in [1s, 1h]");
    }
}
