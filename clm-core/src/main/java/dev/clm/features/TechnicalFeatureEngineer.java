package dev.clm.features;

import dev.clm.api.BarSeries;
import dev.clm.api.Dataset;
import dev.clm.api.FeatureEngineer;
import dev.clm.api.InvalidDataException;
import dev.clm.api.MarketData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The default {@link FeatureEngineer}: 55 classic technical features (with the default {@link
 * FeatureConfig}) and the label of the config's kind (forward log return by default), computed column-wise per symbol over the
 * primitive bar arrays (see {@link FeatureKernel}).
 *
 * <p>Guarantees: a feature at bar t uses only bars {@code <= t} of its own symbol; warm-up rows
 * and rows where any feature is undefined are dropped, never filled; every value in a returned
 * dataset is finite; rows of all symbols are merged in time order (ties by symbol order). Gaps
 * longer than {@link FeatureConfig#maxGapBars()} and zero-price bars restart every indicator's
 * warm-up (see {@link Segments}); a label never spans such a break.
 *
 * <p>User-defined columns: {@link #builder()}{@code .family(...)} adds a {@link FeatureFamily},
 * computed over the same blocks with the same guarantees; {@link #config()} records it and
 * {@link #fromConfig} rebuilds it by its registered name ({@link FeatureFamilies}).
 *
 * <p>Thread-safe: immutable; each call works on its own state. Input arrays are read, never
 * modified.
 */
public final class TechnicalFeatureEngineer implements FeatureEngineer {
    /** Config key listing the user families by name, comma-separated, in column order. */
    public static final String FAMILIES_KEY = "families";
    /** Prefix of a user family's recorded parameters: {@code family.<name>.<parameter>}. */
    public static final String FAMILY_PREFIX = "family.";

    private final FeatureConfig config;
    private final List<FeatureFamily> families;
    private final FeatureLayout layout;
    private final int blockBars;
    private final int threads;

    public TechnicalFeatureEngineer() {
        this(FeatureConfig.defaults());
    }

    public TechnicalFeatureEngineer(FeatureConfig config) {
        this(config, List.of(), FeatureKernel.BLOCK_BARS);
    }

    /** An engineer whose kernel works in blocks of {@code blockBars} bars (tests use short blocks: more block boundaries). */
    TechnicalFeatureEngineer(FeatureConfig config, int blockBars) {
        this(config, List.of(), blockBars);
    }

    TechnicalFeatureEngineer(FeatureConfig config, List<FeatureFamily> families, int blockBars) {
        this(config, families, blockBars, 1);
    }

    TechnicalFeatureEngineer(FeatureConfig config, List<FeatureFamily> families, int blockBars, int threads) {
        if (config == null) throw new IllegalArgumentException("config must not be null");
        if (threads < 1 || threads > 1024) throw new IllegalArgumentException("threads must be in [1, 1024], was " + threads);
        this.threads = threads;
        this.config = config;
        this.families = List.copyOf(families);
        this.layout = FeatureLayout.of(config, this.families);
        this.blockBars = blockBars;
    }

    /** A builder: a {@link FeatureConfig} (default {@link FeatureConfig#defaults()}) and user families. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an engineer with user-defined {@link FeatureFamily}s. Not thread-safe. */
    public static final class Builder {
        private FeatureConfig config = FeatureConfig.defaults();
        private final List<FeatureFamily> families = new ArrayList<>();
        private int blockBars = FeatureKernel.BLOCK_BARS;
        private int threads = 1;

        private Builder() {}

        /**
         * Threads a transform of several symbols uses, 1..1,024 (default 1): symbols are split into
         * parts of about equal bar counts, one per thread, the caller's thread included. The
         * result does not depend on it. A call with one symbol always runs on the caller's thread.
         */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder config(FeatureConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Adds a family; its columns follow the built-in ones (and earlier families') in the matrix. */
        public Builder family(FeatureFamily family) {
            families.add(Objects.requireNonNull(family, "family"));
            return this;
        }

        Builder blockBars(int bars) {
            blockBars = bars;
            return this;
        }

        /** Checks names, columns (unique across all), warm-ups and look-backs; throws {@link IllegalArgumentException} naming the family. */
        public TechnicalFeatureEngineer build() {
            return new TechnicalFeatureEngineer(config, families, blockBars, threads);
        }
    }

    /**
     * The engineer a model was trained with, from its artifact's recorded feature config; user
     * families are rebuilt by the factories registered in {@link FeatureFamilies}.
     */
    public static TechnicalFeatureEngineer fromConfig(Map<String, String> recorded) {
        return fromConfig(recorded, FeatureFamilies.registered());
    }

    /**
     * Like {@link #fromConfig(Map)} with the family factories given by name. A recorded family
     * without a factory throws {@link IllegalArgumentException} naming it.
     */
    public static TechnicalFeatureEngineer fromConfig(Map<String, String> recorded, Map<String, FeatureFamily.Factory> factories) {
        Objects.requireNonNull(recorded, "recorded");
        Objects.requireNonNull(factories, "factories");
        Map<String, String> base = new LinkedHashMap<>();
        Map<String, Map<String, String>> params = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, String> e : recorded.entrySet()) {
            String k = e.getKey();
            if (k.equals(FAMILIES_KEY)) {
                for (String n : e.getValue().split(",")) if (!n.isBlank()) names.add(n.trim());
            } else if (k.startsWith(FAMILY_PREFIX)) {
                String rest = k.substring(FAMILY_PREFIX.length());
                int dot = rest.indexOf('.');
                if (dot <= 0) throw new IllegalArgumentException("feature config: key '" + k + "' is not family.<name>.<parameter>");
                params.computeIfAbsent(rest.substring(0, dot), x -> new LinkedHashMap<>()).put(rest.substring(dot + 1), e.getValue());
            } else {
                base.put(k, e.getValue());
            }
        }
        for (String n : params.keySet()) {
            if (!names.contains(n)) throw new IllegalArgumentException("feature config: parameters of family '" + n + "' but no such family in '" + FAMILIES_KEY + "'");
        }
        Builder b = builder().config(FeatureConfig.fromMap(base));
        for (String n : names) {
            FeatureFamily.Factory f = factories.get(n);
            if (f == null) {
                throw new IllegalArgumentException("feature config: family '" + n + "' has no registered factory; register one with FeatureFamilies.register(\""
                        + n + "\", factory) before loading (registered: " + new java.util.TreeSet<>(factories.keySet()) + ")");
            }
            FeatureFamily fam = f.create(Map.copyOf(params.getOrDefault(n, Map.of())));
            if (fam == null || !n.equals(fam.name())) {
                throw new IllegalArgumentException("feature config: the factory of family '" + n + "' built " + (fam == null ? "null" : "family '" + fam.name() + "'"));
            }
            b.family(fam);
        }
        return b.build();
    }

    /** The user families, in column order. */
    public List<FeatureFamily> families() {
        return families;
    }

    public FeatureConfig featureConfig() {
        return config;
    }

    /** Bars of history the named feature needs before it is defined (its own warm-up; rows start after the longest). */
    public int featureWarmup(String feature) {
        int i = layout.names().indexOf(feature);
        if (i < 0) throw new IllegalArgumentException("unknown feature '" + feature + "'; known: " + layout.names());
        return layout.warmup(i);
    }

    @Override
    public Dataset transform(MarketData data) {
        return build(data, true);
    }

    @Override
    public Dataset transformForPrediction(MarketData data) {
        return build(data, false);
    }

    @Override
    public List<String> featureNames() {
        return layout.names();
    }

    @Override
    public int horizon() {
        return config.horizon();
    }

    @Override
    public int warmupBars() {
        return layout.maxWarmup();
    }

    /** The feature config plus, with user families, {@value #FAMILIES_KEY} and each family's {@code family.<name>.<parameter>}. */
    @Override
    public Map<String, String> config() {
        Map<String, String> m = config.toMap();
        if (families.isEmpty()) return m;
        List<String> names = new ArrayList<>();
        for (FeatureFamily f : families) {
            names.add(f.name());
            Map<String, String> p = f.parameters();
            if (p != null) {
                for (Map.Entry<String, String> e : p.entrySet()) m.put(FAMILY_PREFIX + f.name() + "." + e.getKey(), e.getValue());
            }
        }
        m.put(FAMILIES_KEY, String.join(",", names));
        return m;
    }

    /** Gaps, missing bars, zero-volume flat bars and warm-up restarts per symbol, under this config's gap limit. */
    public DataQualityReport qualityReport(MarketData data) {
        return DataQualityReport.of(data, config.maxGapBars());
    }

    private Dataset build(MarketData data, boolean labelled) {
        if (data == null) throw new InvalidDataException(null, -1, "data", "market data is null; expected bars of at least one symbol");
        if (data.series().isEmpty() || data.isEmpty()) {
            throw new InvalidDataException(null, -1, "bars", "market data is empty; expected bars of at least one symbol");
        }
        List<BarSeries> series = data.series();
        int symbols = series.size();
        int warmup = layout.maxWarmup();
        int h = config.horizon();
        int minBars = warmup + 1 + (labelled ? h : 0);
        Segments[] segments = new Segments[symbols];
        int[][] rows = new int[symbols][];
        long total = 0;
        for (int si = 0; si < symbols; si++) {
            BarSeries s = series.get(si);
            if (s.isEmpty()) {
                rows[si] = new int[0];
                continue;
            }
            segments[si] = Segments.ofValid(s, config.maxGapBars());
            if (segments[si] == null) {
                revalidate(s); // throws, naming the first bad bar
                segments[si] = Segments.of(s, config.maxGapBars());
            }
            if (s.size() < minBars) {
                throw new InvalidDataException(s.symbol(), -1, "rows", "has " + s.size() + " bars; expected at least " + minBars
                        + " (warm-up " + warmup + (labelled ? " + horizon " + h : "") + " + 1)");
            }
            rows[si] = emittedRows(segments[si], warmup, labelled ? h : 0);
            total += rows[si].length;
        }
        if (total == 0) {
            throw new InvalidDataException(null, -1, "rows", "no bar has every feature defined" + (labelled ? " and a label" : "")
                    + ": every gap-free segment is shorter than warm-up " + warmup + (labelled ? " + horizon " + h : "")
                    + " + 1 bars (gap limit " + config.maxGapBars() + " missing bars)");
        }
        if (total * layout.columns() > Integer.MAX_VALUE - 8) {
            throw new InvalidDataException(null, -1, "rows", total + " rows x " + layout.columns()
                    + " features exceed one Java array; load a shorter window");
        }
        int n = (int) total;
        long[] timestamps = new long[n];
        long[] labelEnds = new long[n];
        int[] symbolIds = new int[n];
        float[] labels = new float[n];
        int[][] positions = TimeMerge.positions(series, rows, timestamps, symbolIds);
        int cols = layout.columns();
        float[] features = new float[n * cols];
        int[] rowCounts = new int[symbols];
        for (int si = 0; si < symbols; si++) rowCounts[si] = rows[si].length;
        boolean[] bad = FeatureMatrixBuilder.build(config, layout, blockBars, series, segments, rowCounts, positions, features, labels,
                labelEnds, labelled, threads);
        List<String> symbolNames = data.symbols();
        if (bad != null) return compact(symbolNames, timestamps, labelEnds, symbolIds, features, labels, bad);
        return new Dataset(layout.names(), symbolNames, timestamps, labelEnds, symbolIds, features, labels, null, config.label());
    }

    /** Re-runs BarSeries's checks: its arrays are shared, not copied, and may have changed since construction. */
    private static void revalidate(BarSeries s) {
        new BarSeries(s.symbol(), s.timestamps(), s.open(), s.high(), s.low(), s.close(), s.volume());
    }

    /** Bar indices that become rows: past the warm-up of their segment and, when labelled, with t + h in the same segment. */
    private static int[] emittedRows(Segments seg, int warmup, int horizon) {
        int count = 0;
        for (int i = 0; i < seg.count(); i++) count += Math.max(0, seg.end(i) - horizon - (seg.start(i) + warmup));
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < seg.count(); i++) {
            for (int t = seg.start(i) + warmup; t < seg.end(i) - horizon; t++) out[k++] = t;
        }
        return out;
    }

    private Dataset compact(List<String> symbolNames, long[] timestamps, long[] labelEnds, int[] symbolIds, float[] features,
                            float[] labels, boolean[] bad) {
        int cols = layout.columns();
        int keep = 0;
        for (boolean b : bad) if (!b) keep++;
        if (keep == 0) {
            throw new InvalidDataException(null, -1, "rows", "no row has every feature (and label) finite; check the bars for extreme values");
        }
        long[] ts = new long[keep];
        long[] le = new long[keep];
        int[] sid = new int[keep];
        float[] lab = new float[keep];
        float[] f = new float[keep * cols];
        int j = 0;
        for (int i = 0; i < bad.length; i++) {
            if (bad[i]) continue;
            ts[j] = timestamps[i];
            le[j] = labelEnds[i];
            sid[j] = symbolIds[i];
            lab[j] = labels[i];
            System.arraycopy(features, i * cols, f, j * cols, cols);
            j++;
        }
        return new Dataset(layout.names(), symbolNames, ts, le, sid, f, lab, null, config.label());
    }
}
