package dev.clm.ensemble;

import dev.clm.api.ModelType;
import dev.clm.api.ParamSchema;
import dev.clm.api.ResolvedParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an ensemble type is made of and how it is fitted; the trainer's defaults for that type.
 * Every field is also a training parameter (string key/values, recorded with each version and
 * overridable per call), see {@link #toParams()}:
 *
 * <table>
 *   <caption>parameters</caption>
 *   <tr><th>key</th><th>applies to</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code members}</td><td>both</td><td>member model types, comma separated</td><td>-</td></tr>
 *   <tr><td>{@code weights}</td><td>blend</td><td>{@code fitted}, or one fixed weight per member (non-negative, sum 1)</td><td>{@code fitted}</td></tr>
 *   <tr><td>{@code fit_source}</td><td>blend, fitted</td><td>{@code kfold}: out-of-fold forecasts of purged K-fold refits of each
 *       member type; {@code holdout}: forecasts of the members' registry versions on the rows after their training data ended</td><td>{@code kfold}</td></tr>
 *   <tr><td>{@code folds}</td><td>kfold fits</td><td>K of the purged K-fold, >= 2</td><td>5</td></tr>
 *   <tr><td>{@code embargo_bars}</td><td>kfold fits</td><td>distinct timestamps embargoed after each held-out fold</td><td>12</td></tr>
 *   <tr><td>{@code meta}</td><td>stack</td><td>{@code ridge} (forward return) or {@code logistic} (direction)</td><td>{@code ridge}</td></tr>
 *   <tr><td>{@code meta_lambda}</td><td>stack</td><td>meta-learner penalty on standardised forecasts, >= 0</td><td>0.1</td></tr>
 *   <tr><td>{@code min_fit_rows}</td><td>fitted</td><td>fewest rows the weights / meta-learner may be fitted on</td><td>100</td></tr>
 * </table>
 *
 * Immutable.
 */
public record EnsembleSpec(ModelType type, Kind kind, List<ModelType> members, double[] fixedWeights, FitSource fitSource,
                           int folds, int embargoBars, MetaLearner meta, double metaLambda, int minFitRows) {

    /** Blend (weighted average of the members) or stack (meta-learner over the members). */
    public enum Kind { BLEND, STACK }

    /** Where a fitted blend's member forecasts come from. */
    public enum FitSource {
        /** Out-of-fold forecasts of the member types refitted on a purged, embargoed K-fold of the training rows. */
        KFOLD,
        /** Forecasts of the members' registry versions on the training rows after every member's training data ended. */
        HOLDOUT;

        String paramName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final int DEFAULT_EMBARGO_BARS = 12;
    public static final double DEFAULT_META_LAMBDA = 0.1;
    public static final int DEFAULT_MIN_FIT_ROWS = 100;

    static final String MEMBERS = "members";
    static final String WEIGHTS = "weights";
    static final String FIT_SOURCE = "fit_source";
    static final String FOLDS = "folds";
    static final String EMBARGO = "embargo_bars";
    static final String META = "meta";
    static final String META_LAMBDA = "meta_lambda";
    static final String MIN_FIT_ROWS = "min_fit_rows";

    public EnsembleSpec {
        if (type == null || kind == null) throw new IllegalArgumentException("type and kind must not be null");
        if (members == null || members.isEmpty()) throw new IllegalArgumentException("ensemble " + type + " needs at least one member type");
        members = List.copyOf(members);
        if (new LinkedHashSet<>(members).size() != members.size()) {
            throw new IllegalArgumentException("ensemble " + type + " lists a member type twice: " + members);
        }
        for (ModelType m : members) {
            if (m.equals(type) || m.equals(ModelType.BLEND) || m.equals(ModelType.STACK)) {
                throw new IllegalArgumentException("ensemble " + type + " cannot have the ensemble type " + m + " as a member");
            }
        }
        if (fixedWeights != null) {
            if (kind != Kind.BLEND) throw new IllegalArgumentException("fixed weights apply to blends only, not to " + type);
            if (fixedWeights.length != members.size()) {
                throw new IllegalArgumentException("ensemble " + type + " has " + members.size() + " members " + members + " but "
                        + fixedWeights.length + " weights " + Arrays.toString(fixedWeights));
            }
            fixedWeights = Combination.weights(fixedWeights).coefficients();
        }
        if (fitSource == null || meta == null) throw new IllegalArgumentException("fitSource and meta must not be null");
        if (kind == Kind.STACK && fitSource != FitSource.KFOLD) {
            throw new IllegalArgumentException("a stack is always fitted on K-fold out-of-fold forecasts, not " + fitSource);
        }
        if (folds < 2) throw new IllegalArgumentException("ensemble parameter 'folds' must be >= 2, was " + folds);
        if (embargoBars < 0) throw new IllegalArgumentException("ensemble parameter 'embargo_bars' must be >= 0, was " + embargoBars);
        if (!(metaLambda >= 0) || Double.isInfinite(metaLambda)) {
            throw new IllegalArgumentException("ensemble parameter 'meta_lambda' must be finite and >= 0, was " + metaLambda);
        }
        if (minFitRows < 2) throw new IllegalArgumentException("ensemble parameter 'min_fit_rows' must be >= 2, was " + minFitRows);
    }

    /** A blend of {@link ModelType#BLEND} with fixed weights (for example 0.8 / 0.2 batch / online). */
    public static EnsembleSpec fixedBlend(List<ModelType> members, double... weights) {
        return new EnsembleSpec(ModelType.BLEND, Kind.BLEND, members, weights, FitSource.KFOLD, PurgedKFold.DEFAULT_FOLDS,
                DEFAULT_EMBARGO_BARS, MetaLearner.RIDGE, DEFAULT_META_LAMBDA, DEFAULT_MIN_FIT_ROWS);
    }

    /** A blend of {@link ModelType#BLEND} whose weights are fitted on purged K-fold out-of-fold forecasts. */
    public static EnsembleSpec fittedBlend(List<ModelType> members) {
        return new EnsembleSpec(ModelType.BLEND, Kind.BLEND, members, null, FitSource.KFOLD, PurgedKFold.DEFAULT_FOLDS,
                DEFAULT_EMBARGO_BARS, MetaLearner.RIDGE, DEFAULT_META_LAMBDA, DEFAULT_MIN_FIT_ROWS);
    }

    /** A stack of {@link ModelType#STACK}: ridge meta-learner on purged 5-fold out-of-fold forecasts. */
    public static EnsembleSpec stack(List<ModelType> members) {
        return new EnsembleSpec(ModelType.STACK, Kind.STACK, members, null, FitSource.KFOLD, PurgedKFold.DEFAULT_FOLDS,
                DEFAULT_EMBARGO_BARS, MetaLearner.RIDGE, DEFAULT_META_LAMBDA, DEFAULT_MIN_FIT_ROWS);
    }

    /** The same ensemble registered under another type name (for example {@code blend_weekly}). */
    public EnsembleSpec withType(ModelType t) {
        return new EnsembleSpec(t, kind, members, fixedWeights, fitSource, folds, embargoBars, meta, metaLambda, minFitRows);
    }

    public EnsembleSpec withFitSource(FitSource s) {
        return new EnsembleSpec(type, kind, members, fixedWeights, s, folds, embargoBars, meta, metaLambda, minFitRows);
    }

    public EnsembleSpec withFolds(int k, int embargo) {
        return new EnsembleSpec(type, kind, members, fixedWeights, fitSource, k, embargo, meta, metaLambda, minFitRows);
    }

    public EnsembleSpec withMeta(MetaLearner m, double lambda) {
        return new EnsembleSpec(type, kind, members, fixedWeights, fitSource, folds, embargoBars, m, lambda, minFitRows);
    }

    public EnsembleSpec withMinFitRows(int rows) {
        return new EnsembleSpec(type, kind, members, fixedWeights, fitSource, folds, embargoBars, meta, metaLambda, rows);
    }

    @Override
    public double[] fixedWeights() {
        return fixedWeights == null ? null : fixedWeights.clone();
    }

    /** Whether the combination is fitted on data (fitted blend or stack) rather than fixed. */
    public boolean fitted() {
        return fixedWeights == null;
    }

    /** This spec as training parameters (only the keys that apply to its kind). */
    public Map<String, String> toParams() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(MEMBERS, String.join(",", members.stream().map(ModelType::name).toList()));
        if (kind == Kind.BLEND) {
            p.put(WEIGHTS, fixedWeights == null ? "fitted"
                    : String.join(",", Arrays.stream(fixedWeights).mapToObj(Double::toString).toList()));
            p.put(FIT_SOURCE, fitSource.paramName());
        } else {
            p.put(META, meta.paramName());
            p.put(META_LAMBDA, Double.toString(metaLambda));
        }
        p.put(FOLDS, Integer.toString(folds));
        p.put(EMBARGO, Integer.toString(embargoBars));
        p.put(MIN_FIT_ROWS, Integer.toString(minFitRows));
        return p;
    }

    /**
     * The training parameters of this ensemble type: the keys of its kind, with this spec's
     * values as defaults and the ranges the constructor enforces; the rules across parameters
     * (weights per member, members that are not ensembles) run by building the spec.
     */
    public ParamSchema paramSchema() {
        Map<String, String> defaults = toParams();
        ParamSchema.Builder b = ParamSchema.builder(type)
                .add(new ParamSchema.Param(MEMBERS, ParamSchema.Kind.STRING, defaults.get(MEMBERS), null, null, null,
                        "member model types, comma separated"));
        if (kind == Kind.BLEND) {
            b.add(new ParamSchema.Param(WEIGHTS, ParamSchema.Kind.DOUBLE_LIST, defaults.get(WEIGHTS), ParamSchema.Range.finite(),
                            Set.of("fitted"), null, "fitted, or one fixed weight per member (non-negative, sum 1)"))
                    .enumParam(FIT_SOURCE, fitSource, "kfold: out-of-fold forecasts of purged K-fold refits; holdout: the members' "
                            + "registry versions on the rows after their training data ended");
        } else {
            b.enumParam(META, meta, "meta-learner: ridge (forward return) or logistic (direction)")
                    .doubleParam(META_LAMBDA, metaLambda, ParamSchema.Range.atLeast(0), "meta-learner penalty on standardised forecasts");
        }
        return b.intParam(FOLDS, folds, 2, Integer.MAX_VALUE, "K of the purged K-fold")
                .intParam(EMBARGO, embargoBars, 0, Integer.MAX_VALUE, "distinct timestamps embargoed after each held-out fold")
                .intParam(MIN_FIT_ROWS, minFitRows, 2, Integer.MAX_VALUE, "fewest rows the weights / meta-learner may be fitted on")
                .rule(this::of)
                .build();
    }

    /**
     * This spec with {@code params} applied over it.
     *
     * @throws IllegalArgumentException naming an unknown key, a key that does not apply to this
     *         kind, or a bad value
     */
    public EnsembleSpec withParams(Map<String, String> params) {
        return of(paramSchema().resolve(params));
    }

    /** This spec's type and kind with the values of {@code p} (resolved by {@link #paramSchema()}). */
    EnsembleSpec of(ResolvedParams p) {
        List<ModelType> m = parseMembers(p.string(MEMBERS));
        double[] w = fixedWeights;
        FitSource source = fitSource;
        MetaLearner metaLearner = meta;
        double lambda = metaLambda;
        if (kind == Kind.BLEND) {
            w = p.string(WEIGHTS).equals("fitted") ? null : p.doubleList(WEIGHTS);
            source = p.enumValue(FIT_SOURCE, FitSource.class);
        } else {
            metaLearner = p.enumValue(META, MetaLearner.class);
            lambda = p.doubleValue(META_LAMBDA);
        }
        return new EnsembleSpec(type, kind, m, w, source, p.intValue(FOLDS), p.intValue(EMBARGO), metaLearner, lambda,
                p.intValue(MIN_FIT_ROWS));
    }

    private static List<ModelType> parseMembers(String v) {
        List<ModelType> out = new ArrayList<>();
        for (String s : v.split(",", -1)) {
            if (s.isBlank()) throw new IllegalArgumentException("ensemble parameter 'members' has an empty entry: '" + v + "'");
            out.add(ModelType.of(s.trim()));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnsembleSpec s && type.equals(s.type) && kind == s.kind && members.equals(s.members)
                && Arrays.equals(fixedWeights, s.fixedWeights) && fitSource == s.fitSource && folds == s.folds
                && embargoBars == s.embargoBars && meta == s.meta && Double.compare(metaLambda, s.metaLambda) == 0
                && minFitRows == s.minFitRows;
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + members.hashCode();
    }

    @Override
    public String toString() {
        return "EnsembleSpec" + toParams() + "[" + type + ", " + kind + "]";
    }
}
