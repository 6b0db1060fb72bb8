package dev.clm.features;

import dev.clm.api.LabelKind;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which features {@link TechnicalFeatureEngineer} computes and with which periods; immutable.
 *
 * <p>Recorded with every model version as a flat string map ({@link #toMap()}); a loaded model
 * is fed the same features by rebuilding the engineer with {@link #fromMap(Map)}. Periods are
 * in bars. Defaults are the {@code DEFAULT_*} constants; {@link Builder} rejects bad values
 * naming the field, the value and the allowed range.
 */
public final class FeatureConfig {
    /** Label horizon: forward log return over this many bars. */
    public static final int DEFAULT_HORIZON = 12;
    public static final int[] DEFAULT_RETURN_PERIODS = {1, 3, 6, 12, 24, 48};
    /** Periods of both the SMA and the EMA price ratios. */
    public static final int[] DEFAULT_MA_PERIODS = {5, 10, 20, 50, 100};
    public static final int[] DEFAULT_RSI_PERIODS = {7, 14, 21};
    public static final int DEFAULT_MACD_FAST = 12;
    public static final int DEFAULT_MACD_SLOW = 26;
    public static final int DEFAULT_MACD_SIGNAL = 9;
    public static final int DEFAULT_BOLLINGER_PERIOD = 20;
    public static final double DEFAULT_BOLLINGER_K = 2.0;
    public static final int DEFAULT_ATR_PERIOD = 14;
    public static final int DEFAULT_ADX_PERIOD = 14;
    public static final int DEFAULT_STOCH_PERIOD = 14;
    public static final int DEFAULT_STOCH_SMOOTH = 3;
    public static final int DEFAULT_WILLIAMS_PERIOD = 14;
    public static final int DEFAULT_CCI_PERIOD = 20;
    public static final int[] DEFAULT_ROC_PERIODS = {10, 20};
    public static final int DEFAULT_OBV_PERIOD = 20;
    public static final int DEFAULT_MFI_PERIOD = 14;
    public static final int[] DEFAULT_VOLATILITY_PERIODS = {10, 30};
    public static final int[] DEFAULT_ZSCORE_PERIODS = {20, 50};
    public static final int[] DEFAULT_VOLUME_RATIO_PERIODS = {5, 20};
    public static final boolean DEFAULT_TIME_FEATURES = true;
    /** Sequence-model convention: number of {@code ret_lag_k} columns (0 = none). */
    public static final int DEFAULT_RETURN_LAGS = 0;
    /**
     * A time gap with more than this many missing bars (or a bar with a zero price) restarts
     * every indicator's warm-up, so no indicator spans it. 72 keeps FX weekends (48 h) and
     * exchange maintenance windows, restarts after multi-day outages.
     */
    public static final int DEFAULT_MAX_GAP_BARS = 72;
    /**
     * Recursive smoothers (EMA, Wilder) count as warm after this many times their period: the
     * seed's weight is then below e^-6 (EMA) or e^-3 (Wilder), so a row's value hardly depends on
     * where the loaded window started.
     */
    public static final int DEFAULT_SMOOTHING_WARMUP_FACTOR = 3;

    /**
     * Indicators with fixed columns that {@link Builder#disable} can leave out (the others are
     * left out by an empty period list, e.g. {@code rsiPeriods()}): {@code macd}, {@code
     * bollinger}, {@code atr}, {@code adx}, {@code stochastic}, {@code williams}, {@code cci},
     * {@code obv}, {@code mfi} and {@code bar} ({@code hl_range}, {@code close_location}). A left-out
     * indicator's warm-up no longer counts: rows start once the longest enabled column is warm.
     */
    public static final Set<String> OPTIONAL_INDICATORS = Set.of("macd", "bollinger", "atr", "adx", "stochastic", "williams", "cci",
            "obv", "mfi", "bar");

    /** What the labels are (see {@link LabelKind}): the forward log return by default. */
    public static final LabelKind DEFAULT_LABEL = LabelKind.FORWARD_LOG_RETURN;
    /** Bars of one-bar log returns whose standard deviation scales the volatility-scaled and regime labels. */
    public static final int DEFAULT_LABEL_VOLATILITY_PERIOD = 20;
    /** The regime label's threshold in units of the expected move sigma * sqrt(horizon). */
    public static final double DEFAULT_REGIME_THRESHOLD = 0.5;

    /** Value of the {@code engine} key in {@link #toMap()}. */
    public static final String ENGINE = "clm-technical";
    /** Version of the feature definitions; bumped when a formula changes. */
    public static final String FORMAT_VERSION = "1";

    private final int horizon;
    private final int[] returnPeriods;
    private final int[] maPeriods;
    private final int[] rsiPeriods;
    private final int macdFast, macdSlow, macdSignal;
    private final int bollingerPeriod;
    private final double bollingerK;
    private final int atrPeriod, adxPeriod, stochPeriod, stochSmooth, williamsPeriod, cciPeriod;
    private final int[] rocPeriods;
    private final int obvPeriod, mfiPeriod;
    private final int[] volatilityPeriods, zscorePeriods, volumeRatioPeriods;
    private final boolean timeFeatures;
    private final int returnLags;
    private final int maxGapBars;
    private final int smoothingWarmupFactor;
    private final Set<String> disabled;
    private final LabelKind label;
    private final int labelVolatilityPeriod;
    private final double regimeThreshold;

    private FeatureConfig(Builder b) {
        horizon = b.horizon;
        returnPeriods = b.returnPeriods.clone();
        maPeriods = b.maPeriods.clone();
        rsiPeriods = b.rsiPeriods.clone();
        macdFast = b.macdFast;
        macdSlow = b.macdSlow;
        macdSignal = b.macdSignal;
        bollingerPeriod = b.bollingerPeriod;
        bollingerK = b.bollingerK;
        atrPeriod = b.atrPeriod;
        adxPeriod = b.adxPeriod;
        stochPeriod = b.stochPeriod;
        stochSmooth = b.stochSmooth;
        williamsPeriod = b.williamsPeriod;
        cciPeriod = b.cciPeriod;
        rocPeriods = b.rocPeriods.clone();
        obvPeriod = b.obvPeriod;
        mfiPeriod = b.mfiPeriod;
        volatilityPeriods = b.volatilityPeriods.clone();
        zscorePeriods = b.zscorePeriods.clone();
        volumeRatioPeriods = b.volumeRatioPeriods.clone();
        timeFeatures = b.timeFeatures;
        returnLags = b.returnLags;
        maxGapBars = b.maxGapBars;
        smoothingWarmupFactor = b.smoothingWarmupFactor;
        disabled = Set.copyOf(b.disabled);
        label = b.label;
        labelVolatilityPeriod = b.labelVolatilityPeriod;
        regimeThreshold = b.regimeThreshold;
    }

    public static FeatureConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return fromMapInto(toMap(), new Builder());
    }

    public int horizon() { return horizon; }
    public int[] returnPeriods() { return returnPeriods.clone(); }
    public int[] maPeriods() { return maPeriods.clone(); }
    public int[] rsiPeriods() { return rsiPeriods.clone(); }
    public int macdFast() { return macdFast; }
    public int macdSlow() { return macdSlow; }
    public int macdSignal() { return macdSignal; }
    public int bollingerPeriod() { return bollingerPeriod; }
    public double bollingerK() { return bollingerK; }
    public int atrPeriod() { return atrPeriod; }
    public int adxPeriod() { return adxPeriod; }
    public int stochPeriod() { return stochPeriod; }
    public int stochSmooth() { return stochSmooth; }
    public int williamsPeriod() { return williamsPeriod; }
    public int cciPeriod() { return cciPeriod; }
    public int[] rocPeriods() { return rocPeriods.clone(); }
    public int obvPeriod() { return obvPeriod; }
    public int mfiPeriod() { return mfiPeriod; }
    public int[] volatilityPeriods() { return volatilityPeriods.clone(); }
    public int[] zscorePeriods() { return zscorePeriods.clone(); }
    public int[] volumeRatioPeriods() { return volumeRatioPeriods.clone(); }
    public boolean timeFeatures() { return timeFeatures; }
    public int returnLags() { return returnLags; }
    public int maxGapBars() { return maxGapBars; }
    public int smoothingWarmupFactor() { return smoothingWarmupFactor; }
    public LabelKind label() { return label; }
    public int labelVolatilityPeriod() { return labelVolatilityPeriod; }
    public double regimeThreshold() { return regimeThreshold; }
    /** Bars of history the label needs at its own row (the trailing volatility of the scaled and regime labels; else 0). */
    public int labelWarmup() {
        return label == LabelKind.VOL_SCALED_RETURN || label == LabelKind.REGIME ? labelVolatilityPeriod : 0;
    }
    /** Indicators of {@link #OPTIONAL_INDICATORS} left out (default none). */
    public Set<String> disabled() { return disabled; }
    /** True unless {@code indicator} (one of {@link #OPTIONAL_INDICATORS}) is disabled. */
    public boolean enabled(String indicator) { return !disabled.contains(indicator); }

    private static final Set<String> KEYS = Set.of("engine", "version", "horizon", "returnPeriods", "maPeriods", "rsiPeriods",
            "macdFast", "macdSlow", "macdSignal", "bollingerPeriod", "bollingerK", "atrPeriod", "adxPeriod", "stochPeriod",
            "stochSmooth", "williamsPeriod", "cciPeriod", "rocPeriods", "obvPeriod", "mfiPeriod", "volatilityPeriods",
            "zscorePeriods", "volumeRatioPeriods", "timeFeatures", "returnLags", "maxGapBars", "smoothingWarmupFactor", "disabled", "label",
            "labelVolatilityPeriod", "regimeThreshold");

    /** Every setting as strings (lists comma-separated), plus {@code engine} and {@code version}. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("engine", ENGINE);
        m.put("version", FORMAT_VERSION);
        m.put("horizon", Integer.toString(horizon));
        m.put("returnPeriods", join(returnPeriods));
        m.put("maPeriods", join(maPeriods));
        m.put("rsiPeriods", join(rsiPeriods));
        m.put("macdFast", Integer.toString(macdFast));
        m.put("macdSlow", Integer.toString(macdSlow));
        m.put("macdSignal", Integer.toString(macdSignal));
        m.put("bollingerPeriod", Integer.toString(bollingerPeriod));
        m.put("bollingerK", Double.toString(bollingerK));
        m.put("atrPeriod", Integer.toString(atrPeriod));
        m.put("adxPeriod", Integer.toString(adxPeriod));
        m.put("stochPeriod", Integer.toString(stochPeriod));
        m.put("stochSmooth", Integer.toString(stochSmooth));
        m.put("williamsPeriod", Integer.toString(williamsPeriod));
        m.put("cciPeriod", Integer.toString(cciPeriod));
        m.put("rocPeriods", join(rocPeriods));
        m.put("obvPeriod", Integer.toString(obvPeriod));
        m.put("mfiPeriod", Integer.toString(mfiPeriod));
        m.put("volatilityPeriods", join(volatilityPeriods));
        m.put("zscorePeriods", join(zscorePeriods));
        m.put("volumeRatioPeriods", join(volumeRatioPeriods));
        m.put("timeFeatures", Boolean.toString(timeFeatures));
        m.put("returnLags", Integer.toString(returnLags));
        m.put("maxGapBars", Integer.toString(maxGapBars));
        m.put("smoothingWarmupFactor", Integer.toString(smoothingWarmupFactor));
        if (!disabled.isEmpty()) m.put("disabled", String.join(",", new java.util.TreeSet<>(disabled)));
        m.put("label", label.key());
        if (labelWarmup() > 0) {
            m.put("labelVolatilityPeriod", Integer.toString(labelVolatilityPeriod));
            if (label == LabelKind.REGIME) m.put("regimeThreshold", Double.toString(regimeThreshold));
        }
        return m;
    }

    /**
     * Rebuilds a config from {@link #toMap()} output (for example a model artifact's feature
     * config). Missing keys take their defaults; an unknown key, another engine, another
     * format version or a bad value throws {@link IllegalArgumentException} naming the key.
     */
    public static FeatureConfig fromMap(Map<String, String> map) {
        Objects.requireNonNull(map, "map");
        return fromMapInto(map, new Builder()).build();
    }

    private static Builder fromMapInto(Map<String, String> map, Builder b) {
        for (String key : map.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("feature config: unknown key '" + key + "'; expected one of " + new java.util.TreeSet<>(KEYS));
            }
        }
        String engine = map.get("engine");
        if (engine != null && !engine.equals(ENGINE)) {
            throw new IllegalArgumentException("feature config: engine '" + engine + "' is not '" + ENGINE + "'");
        }
        String version = map.get("version");
        if (version != null && !version.equals(FORMAT_VERSION)) {
            throw new IllegalArgumentException("feature config: version '" + version + "' is not supported; expected " + FORMAT_VERSION);
        }
        Parser p = new Parser(map);
        if (map.containsKey("horizon")) b.horizon(p.integer("horizon"));
        if (map.containsKey("returnPeriods")) b.returnPeriods(p.ints("returnPeriods"));
        if (map.containsKey("maPeriods")) b.maPeriods(p.ints("maPeriods"));
        if (map.containsKey("rsiPeriods")) b.rsiPeriods(p.ints("rsiPeriods"));
        if (map.containsKey("macdFast") || map.containsKey("macdSlow") || map.containsKey("macdSignal")) {
            b.macd(map.containsKey("macdFast") ? p.integer("macdFast") : b.macdFast,
                    map.containsKey("macdSlow") ? p.integer("macdSlow") : b.macdSlow,
                    map.containsKey("macdSignal") ? p.integer("macdSignal") : b.macdSignal);
        }
        if (map.containsKey("bollingerPeriod")) b.bollingerPeriod(p.integer("bollingerPeriod"));
        if (map.containsKey("bollingerK")) b.bollingerK(p.decimal("bollingerK"));
        if (map.containsKey("atrPeriod")) b.atrPeriod(p.integer("atrPeriod"));
        if (map.containsKey("adxPeriod")) b.adxPeriod(p.integer("adxPeriod"));
        if (map.containsKey("stochPeriod")) b.stochPeriod(p.integer("stochPeriod"));
        if (map.containsKey("stochSmooth")) b.stochSmooth(p.integer("stochSmooth"));
        if (map.containsKey("williamsPeriod")) b.williamsPeriod(p.integer("williamsPeriod"));
        if (map.containsKey("cciPeriod")) b.cciPeriod(p.integer("cciPeriod"));
        if (map.containsKey("rocPeriods")) b.rocPeriods(p.ints("rocPeriods"));
        if (map.containsKey("obvPeriod")) b.obvPeriod(p.integer("obvPeriod"));
        if (map.containsKey("mfiPeriod")) b.mfiPeriod(p.integer("mfiPeriod"));
        if (map.containsKey("volatilityPeriods")) b.volatilityPeriods(p.ints("volatilityPeriods"));
        if (map.containsKey("zscorePeriods")) b.zscorePeriods(p.ints("zscorePeriods"));
        if (map.containsKey("volumeRatioPeriods")) b.volumeRatioPeriods(p.ints("volumeRatioPeriods"));
        if (map.containsKey("timeFeatures")) b.timeFeatures(p.bool("timeFeatures"));
        if (map.containsKey("returnLags")) b.returnLags(p.integer("returnLags"));
        if (map.containsKey("maxGapBars")) b.maxGapBars(p.integer("maxGapBars"));
        if (map.containsKey("smoothingWarmupFactor")) b.smoothingWarmupFactor(p.integer("smoothingWarmupFactor"));
        if (map.containsKey("label")) {
            try {
                b.label(LabelKind.fromKey(String.valueOf(map.get("label")).trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("feature config: 'label': " + e.getMessage());
            }
        }
        if (map.containsKey("labelVolatilityPeriod")) b.labelVolatilityPeriod(p.integer("labelVolatilityPeriod"));
        if (map.containsKey("regimeThreshold")) b.regimeThreshold(p.decimal("regimeThreshold"));
        if (map.containsKey("disabled")) {
            String v = String.valueOf(map.get("disabled")).trim();
            b.disable(v.isEmpty() ? new String[0] : Arrays.stream(v.split(",")).map(String::trim).toArray(String[]::new));
        }
        return b;
    }

    private record Parser(Map<String, String> map) {
        int integer(String key) {
            try {
                return Integer.parseInt(map.get(key).trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("feature config: '" + key + "' = '" + map.get(key) + "' is not an integer");
            }
        }

        double decimal(String key) {
            try {
                return Double.parseDouble(map.get(key).trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("feature config: '" + key + "' = '" + map.get(key) + "' is not a number");
            }
        }

        boolean bool(String key) {
            String v = String.valueOf(map.get(key)).trim();
            if (v.equalsIgnoreCase("true")) return true;
            if (v.equalsIgnoreCase("false")) return false;
            throw new IllegalArgumentException("feature config: '" + key + "' = '" + v + "' is not true or false");
        }

        int[] ints(String key) {
            String v = String.valueOf(map.get(key)).trim();
            if (v.isEmpty()) return new int[0];
            try {
                return Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("feature config: '" + key + "' = '" + v + "' is not a comma-separated list of integers");
            }
        }
    }

    private static String join(int[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(values[i]);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureConfig c && toMap().equals(c.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "FeatureConfig" + toMap();
    }

    /** Mutable builder; each setter checks its value. */
    public static final class Builder {
        private int horizon = DEFAULT_HORIZON;
        private int[] returnPeriods = DEFAULT_RETURN_PERIODS.clone();
        private int[] maPeriods = DEFAULT_MA_PERIODS.clone();
        private int[] rsiPeriods = DEFAULT_RSI_PERIODS.clone();
        private int macdFast = DEFAULT_MACD_FAST, macdSlow = DEFAULT_MACD_SLOW, macdSignal = DEFAULT_MACD_SIGNAL;
        private int bollingerPeriod = DEFAULT_BOLLINGER_PERIOD;
        private double bollingerK = DEFAULT_BOLLINGER_K;
        private int atrPeriod = DEFAULT_ATR_PERIOD;
        private int adxPeriod = DEFAULT_ADX_PERIOD;
        private int stochPeriod = DEFAULT_STOCH_PERIOD;
        private int stochSmooth = DEFAULT_STOCH_SMOOTH;
        private int williamsPeriod = DEFAULT_WILLIAMS_PERIOD;
        private int cciPeriod = DEFAULT_CCI_PERIOD;
        private int[] rocPeriods = DEFAULT_ROC_PERIODS.clone();
        private int obvPeriod = DEFAULT_OBV_PERIOD;
        private int mfiPeriod = DEFAULT_MFI_PERIOD;
        private int[] volatilityPeriods = DEFAULT_VOLATILITY_PERIODS.clone();
        private int[] zscorePeriods = DEFAULT_ZSCORE_PERIODS.clone();
        private int[] volumeRatioPeriods = DEFAULT_VOLUME_RATIO_PERIODS.clone();
        private boolean timeFeatures = DEFAULT_TIME_FEATURES;
        private int returnLags = DEFAULT_RETURN_LAGS;
        private int maxGapBars = DEFAULT_MAX_GAP_BARS;
        private int smoothingWarmupFactor = DEFAULT_SMOOTHING_WARMUP_FACTOR;
        private final Set<String> disabled = new java.util.TreeSet<>();
        private LabelKind label = DEFAULT_LABEL;
        private int labelVolatilityPeriod = DEFAULT_LABEL_VOLATILITY_PERIOD;
        private double regimeThreshold = DEFAULT_REGIME_THRESHOLD;

        private Builder() {}

        /** What the labels are (default {@link LabelKind#FORWARD_LOG_RETURN}). */
        public Builder label(LabelKind kind) { label = Objects.requireNonNull(kind, "label"); return this; }
        /** Trailing one-bar returns whose deviation scales the volatility-scaled and regime labels, 2..10,000 (default 20). */
        public Builder labelVolatilityPeriod(int bars) { labelVolatilityPeriod = range("labelVolatilityPeriod", bars, 2, 10_000); return this; }

        /** Regime threshold in expected moves sigma * sqrt(horizon), (0, 10] (default 0.5). */
        public Builder regimeThreshold(double t) {
            if (!(t > 0 && t <= 10)) throw new IllegalArgumentException("regimeThreshold must be in (0, 10], was " + t);
            regimeThreshold = t;
            return this;
        }

        /** Leaves out the columns of these indicators (each one of {@link #OPTIONAL_INDICATORS}); replaces earlier calls. */
        public Builder disable(String... indicators) {
            Objects.requireNonNull(indicators, "indicators");
            Set<String> next = new java.util.TreeSet<>();
            for (String i : indicators) {
                if (!OPTIONAL_INDICATORS.contains(i)) {
                    throw new IllegalArgumentException("disable: unknown indicator '" + i + "'; expected one of "
                            + new java.util.TreeSet<>(OPTIONAL_INDICATORS));
                }
                next.add(i);
            }
            disabled.clear();
            disabled.addAll(next);
            return this;
        }

        /** Label horizon in bars, 1..10,000 (default 12). */
        public Builder horizon(int bars) { horizon = range("horizon", bars, 1, 10_000); return this; }
        /** Log-return lookbacks in bars, each 1..10,000, distinct (default 1,3,6,12,24,48). */
        public Builder returnPeriods(int... bars) { returnPeriods = periods("returnPeriods", bars, 1, true); return this; }
        /** SMA and EMA periods, each 2..10,000 (default 5,10,20,50,100). */
        public Builder maPeriods(int... bars) { maPeriods = periods("maPeriods", bars, 2, true); return this; }
        /** RSI periods, each 2..10,000 (default 7,14,21). */
        public Builder rsiPeriods(int... bars) { rsiPeriods = periods("rsiPeriods", bars, 2, true); return this; }

        /** MACD fast, slow and signal EMA periods; fast < slow (default 12, 26, 9). */
        public Builder macd(int fast, int slow, int signal) {
            range("macdFast", fast, 1, 10_000);
            range("macdSlow", slow, 2, 10_000);
            range("macdSignal", signal, 1, 10_000);
            if (fast >= slow) throw new IllegalArgumentException("macdFast (" + fast + ") must be < macdSlow (" + slow + ")");
            macdFast = fast;
            macdSlow = slow;
            macdSignal = signal;
            return this;
        }

        public Builder bollingerPeriod(int bars) { bollingerPeriod = range("bollingerPeriod", bars, 2, 10_000); return this; }

        /** Band half-width in standard deviations, (0, 10] (default 2). */
        public Builder bollingerK(double k) {
            if (!(k > 0 && k <= 10)) throw new IllegalArgumentException("bollingerK must be in (0, 10], was " + k);
            bollingerK = k;
            return this;
        }

        public Builder atrPeriod(int bars) { atrPeriod = range("atrPeriod", bars, 1, 10_000); return this; }
        public Builder adxPeriod(int bars) { adxPeriod = range("adxPeriod", bars, 1, 10_000); return this; }
        public Builder stochPeriod(int bars) { stochPeriod = range("stochPeriod", bars, 1, 10_000); return this; }
        public Builder stochSmooth(int bars) { stochSmooth = range("stochSmooth", bars, 1, 10_000); return this; }
        public Builder williamsPeriod(int bars) { williamsPeriod = range("williamsPeriod", bars, 1, 10_000); return this; }
        public Builder cciPeriod(int bars) { cciPeriod = range("cciPeriod", bars, 2, 10_000); return this; }
        public Builder rocPeriods(int... bars) { rocPeriods = periods("rocPeriods", bars, 1, true); return this; }
        public Builder obvPeriod(int bars) { obvPeriod = range("obvPeriod", bars, 1, 10_000); return this; }
        public Builder mfiPeriod(int bars) { mfiPeriod = range("mfiPeriod", bars, 1, 10_000); return this; }
        public Builder volatilityPeriods(int... bars) { volatilityPeriods = periods("volatilityPeriods", bars, 2, true); return this; }
        public Builder zscorePeriods(int... bars) { zscorePeriods = periods("zscorePeriods", bars, 2, true); return this; }
        public Builder volumeRatioPeriods(int... bars) { volumeRatioPeriods = periods("volumeRatioPeriods", bars, 2, true); return this; }
        /** Time of day and day of week as sine/cosine (default true). */
        public Builder timeFeatures(boolean on) { timeFeatures = on; return this; }
        /** Number of {@code ret_lag_k} columns for sequence models, 0..4,096 (default 0). */
        public Builder returnLags(int n) { returnLags = range("returnLags", n, 0, 4096); return this; }
        /** Missing bars a gap may have before warm-up restarts, 1..1,000,000 (default 72). */
        public Builder maxGapBars(int bars) { maxGapBars = range("maxGapBars", bars, 1, 1_000_000); return this; }
        /** Warm-up of EMA/Wilder smoothers in multiples of their period, 1..20 (default 3). */
        public Builder smoothingWarmupFactor(int f) { smoothingWarmupFactor = range("smoothingWarmupFactor", f, 1, 20); return this; }

        public FeatureConfig build() {
            FeatureConfig c = new FeatureConfig(this);
            if (FeatureLayout.of(c).columns() == 0) throw new IllegalArgumentException("feature config selects no features");
            return c;
        }

        private static int range(String field, int v, int min, int max) {
            if (v < min || v > max) throw new IllegalArgumentException(field + " must be in [" + min + ", " + max + "], was " + v);
            return v;
        }

        private static int[] periods(String field, int[] v, int min, boolean allowEmpty) {
            Objects.requireNonNull(v, field);
            if (v.length == 0 && !allowEmpty) throw new IllegalArgumentException(field + " must not be empty");
            int[] sorted = v.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < sorted.length; i++) {
                range(field + "[" + i + "]", sorted[i], min, 10_000);
                if (i > 0 && sorted[i] == sorted[i - 1]) throw new IllegalArgumentException(field + " has " + sorted[i] + " twice");
            }
            return sorted;
        }
    }
}
