package dev.clm.ensemble;

import dev.clm.api.LabelKind;
import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import dev.clm.api.ParamSchema;
import dev.clm.api.TrainedModel;
import dev.clm.api.UnknownModelException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Trains and loads blending and stacking ensembles ({@link ModelType#BLEND}, {@link ModelType#STACK}
 * or any type an {@link EnsembleSpec} names) over other model types' registry versions.
 *
 * <p><b>Training</b> takes the current ACTIVE version of each member type from the registry
 * (bytes checksummed, loaded through the member trainer) and fits how to combine them:
 * <ul>
 *   <li>fixed blend: the spec's weights (for example 0.8 / 0.2 batch / online, or
 *       0.5 / 0.3 / 0.2 monthly / weekly / online);</li>
 *   <li>fitted blend: non-negative weights summing to 1 ({@link SimplexLeastSquares}) on
 *       out-of-sample member forecasts, by default out-of-fold forecasts of a purged K-fold
 *       refit of each member type ({@code fit_source=kfold}), or the registry versions'
 *       forecasts on the rows after their training data ended ({@code fit_source=holdout});</li>
 *   <li>stack: a {@link MetaLearner} (ridge on the return or logistic on the direction) on the
 *       out-of-fold forecasts of a purged, embargoed K-fold (default 5) refit of each member
 *       type, so no forecast the meta-learner sees was made on a row its model trained on. The
 *       K-fold refits only produce those forecasts; the stack's members are the registry versions.</li>
 * </ul>
 * The training rows are the {@code train} dataset; {@code validation} (after it in time) is
 * passed to the refits for early stopping, and for {@code holdout} its rows are fit rows too.
 * A member whose data ended after the ensemble's rows end is refused: the manager evaluates
 * the ensemble on rows after its own training range, which that member would have seen.
 * Sample weights of the rows are not used by the combination fit.
 *
 * <p>The artifact (serialized JSON, {@value EnsembleModel#FORMAT}) records each member's type,
 * version and checksum and the weights / coefficients. <b>Loading</b> resolves every member
 * version through the registry and the member trainer; a missing, corrupt, re-registered or
 * unloadable member is a {@link MemberUnavailableException} naming it. The loaded
 * {@link EnsembleModel} owns (closes) its members.
 *
 * <p><b>Incremental</b> training has nothing to warm-start: it fits the combination afresh on
 * the new rows with the members ACTIVE now (for example after a weekly member retrain), leaving
 * the base ensemble untouched.
 *
 * <p>Thread-safe if the registry and member trainer are.
 */
public final class EnsembleTrainer implements ModelTrainer {
    private final ModelRegistry registry;
    private final ModelTrainer memberTrainer;
    private final Map<ModelType, EnsembleSpec> specs;
    private final Map<ModelType, ParamSchema> schemas;
    private final MemberLoader loader;

    /**
     * @param registry      where the members' versions are
     * @param memberTrainer trains and loads the member types (for example a composite of the tree trainers)
     * @param specs         one spec per ensemble type this trainer serves
     */
    public EnsembleTrainer(ModelRegistry registry, ModelTrainer memberTrainer, Collection<EnsembleSpec> specs) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.memberTrainer = Objects.requireNonNull(memberTrainer, "memberTrainer");
        Map<ModelType, EnsembleSpec> m = new LinkedHashMap<>();
        for (EnsembleSpec s : specs) {
            if (m.put(s.type(), s) != null) throw new IllegalArgumentException("two ensemble specs for type " + s.type());
            if (memberTrainer.supports(s.type())) {
                throw new IllegalArgumentException("ensemble type " + s.type() + " is also a type of the member trainer");
            }
        }
        if (m.isEmpty()) throw new IllegalArgumentException("an ensemble trainer needs at least one ensemble spec");
        this.specs = Map.copyOf(m);
        Map<ModelType, ParamSchema> sc = new LinkedHashMap<>();
        m.values().forEach(s -> sc.put(s.type(), s.paramSchema()));
        this.schemas = Map.copyOf(sc);
        this.loader = new MemberLoader(registry, memberTrainer);
    }

    public EnsembleTrainer(ModelRegistry registry, ModelTrainer memberTrainer, EnsembleSpec... specs) {
        this(registry, memberTrainer, List.of(specs));
    }

    /** Whether an artifact is an ensemble version (its format), i.e. depends on member versions to load. */
    public static boolean isEnsemble(ModelArtifact artifact) {
        return EnsembleModel.FORMAT.equals(artifact.format());
    }

    /** The spec of an ensemble type this trainer serves. */
    public EnsembleSpec spec(ModelType type) {
        EnsembleSpec s = specs.get(type);
        if (s == null) throw new UnknownModelException(type, null, "EnsembleTrainer serves only " + new java.util.TreeSet<>(specs.keySet()));
        return s;
    }

    @Override
    public Set<ModelType> supportedTypes() {
        return specs.keySet();
    }

    /** False: an ensemble combines the ACTIVE members of today, which saw rows after any past fold. */
    @Override
    public boolean supportsWalkForward(ModelType type) {
        return false;
    }

    @Override
    public ParamSchema paramSchema(ModelType type) {
        ParamSchema s = schemas.get(type);
        if (s == null) spec(type); // throws naming the served types
        return s;
    }

    @Override
    public TrainedModel train(ModelType type, Dataset train, Dataset validation, Map<String, String> params) {
        LabelKind.requireSupported("EnsembleTrainer", LabelKind.all(), train, validation); // members check their own
        return fit(type, train, validation, params, null);
    }

    @Override
    public TrainedModel trainIncremental(ModelType type, TrainedModel base, Dataset newData, Dataset validation,
                                         Map<String, String> params) {
        LabelKind.requireSupported("EnsembleTrainer", LabelKind.all(), newData, validation);
        spec(type);
        if (!(base instanceof EnsembleModel parent) || !parent.type().equals(type)) {
            throw new ModelTrainingException(type, "incremental training needs a " + type + " ensemble as base, got "
                    + (base == null ? "null" : base.type() + " " + base.getClass().getName()));
        }
        return fit(type, newData, validation, params, parent);
    }

    @Override
    public TrainedModel load(ModelType type, byte[] bytes) {
        spec(type);
        EnsembleManifest manifest = EnsembleManifest.fromJson(type, bytes);
        List<MemberLoader.Loaded> members = loader.loadRecorded(type, manifest.members(), manifest.featureNames());
        return new EnsembleModel(manifest, members.stream().map(MemberLoader.Loaded::model).toList());
    }

    /**
     * A trainer for the manager: the ensemble types go to this trainer, every other type to
     * the member trainer (so one manager trains the members and the ensembles over them).
     */
    public ModelTrainer withMembers() {
        return new WithMembers();
    }

    private TrainedModel fit(ModelType type, Dataset train, Dataset validation, Map<String, String> params, EnsembleModel parent) {
        EnsembleSpec spec = spec(type).of(paramSchema(type).resolve(params));
        checkData(train, validation);
        List<MemberLoader.Loaded> members = loader.loadActive(type, spec.members(), train.featureNames());
        try {
            long dataEnd = dataEnd(train, validation);
            for (MemberLoader.Loaded m : members) {
                Instant seen = m.artifact().trainingRange().end();
                if (seen.toEpochMilli() > dataEnd) {
                    throw new ModelTrainingException(type, null, "member " + m.artifact().type() + " version '" + m.artifact().version()
                            + "' was trained on data up to " + seen + ", after this ensemble's rows end (" + Instant.ofEpochMilli(dataEnd)
                            + "); the rows after the ensemble's would not be unseen by it", null);
                }
            }
            Map<String, String> prov = new TreeMap<>();
            Combination combination = combination(type, spec, members, train, validation, prov);
            List<MemberRef> refs = members.stream().map(m -> MemberRef.of(m.artifact())).toList();
            prov.put("trainer", EnsembleTrainer.class.getName());
            prov.put("kind", spec.kind().name());
            prov.put("members", String.join(",", refs.stream().map(MemberRef::toString).toList()));
            prov.put("coefficients", java.util.Arrays.toString(combination.coefficients()));
            prov.put("intercept", Double.toString(combination.intercept()));
            prov.put("rows", Integer.toString(train.rows()));
            if (parent != null) prov.put("parent_members", String.join(",", parent.members().stream().map(MemberRef::toString).toList()));
            prov.put("java_version", System.getProperty("java.version"));
            EnsembleManifest manifest = new EnsembleManifest(type, spec.kind(), train.featureNames(), refs, combination, prov);
            return new EnsembleModel(manifest, members.stream().map(MemberLoader.Loaded::model).toList());
        } catch (RuntimeException e) {
            MemberLoader.close(members);
            throw e;
        }
    }

    private Combination combination(ModelType type, EnsembleSpec spec, List<MemberLoader.Loaded> members, Dataset train,
                                    Dataset validation, Map<String, String> prov) {
        if (!spec.fitted()) {
            prov.put("fit.method", "fixed");
            return Combination.weights(spec.fixedWeights());
        }
        OutOfSampleForecasts.Forecasts f;
        if (spec.kind() == EnsembleSpec.Kind.BLEND && spec.fitSource() == EnsembleSpec.FitSource.HOLDOUT) {
            f = OutOfSampleForecasts.holdout(members, train.append(validation));
        } else {
            requireFitRows(spec, train.rows(), "training rows for the K-fold");
            PurgedKFold kfold = new PurgedKFold(spec.folds(), spec.embargoBars());
            f = OutOfSampleForecasts.kfold(type, memberTrainer, members, train, validation, kfold);
            prov.put("fit.folds", Integer.toString(spec.folds()));
            prov.put("fit.embargo_bars", Integer.toString(spec.embargoBars()));
        }
        requireFitRows(spec, f.rows(), "out-of-sample rows (" + f.source() + ")");
        Combination c;
        if (spec.kind() == EnsembleSpec.Kind.BLEND) {
            c = Combination.weights(SimplexLeastSquares.solve(f.predictions(), f.labels()));
            prov.put("fit.method", "simplex-least-squares");
        } else {
            c = spec.meta().fit(f.predictions(), f.labels(), spec.metaLambda());
            prov.put("fit.method", spec.meta().paramName());
            prov.put("fit.meta_lambda", Double.toString(spec.metaLambda()));
        }
        prov.put("fit.source", f.source());
        prov.put("fit.rows", Integer.toString(f.rows()));
        prov.put("fit.mse", Double.toString(mse(f, c)));
        for (int j = 0; j < members.size(); j++) {
            prov.put("fit.member_mse." + members.get(j).artifact().type(), Double.toString(mse(f.predictions()[j], f.labels())));
        }
        return c;
    }

    private static void requireFitRows(EnsembleSpec spec, int rows, String what) {
        if (rows < spec.minFitRows()) {
            throw new InvalidDataException(null, -1, "rows", spec.type() + " ensemble has " + rows + " " + what
                    + "; expected at least min_fit_rows=" + spec.minFitRows());
        }
    }

    private static double mse(OutOfSampleForecasts.Forecasts f, Combination c) {
        double[] p = new double[f.predictions().length];
        double s = 0;
        for (int i = 0; i < f.rows(); i++) {
            for (int j = 0; j < p.length; j++) p[j] = f.predictions()[j][i];
            double e = c.combine(p) - f.labels()[i];
            s += e * e;
        }
        return s / f.rows();
    }

    private static double mse(double[] p, double[] y) {
        double s = 0;
        for (int i = 0; i < y.length; i++) s += (p[i] - y[i]) * (p[i] - y[i]);
        return s / y.length;
    }

    private static void checkData(Dataset train, Dataset validation) {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        if (train.rows() < 2) throw new InvalidDataException(null, -1, "train", "training split has " + train.rows() + " rows; expected at least 2");
        if (validation.rows() < 1) throw new InvalidDataException(null, -1, "validation", "validation split is empty; expected at least 1 row");
        if (!train.featureNames().equals(validation.featureNames())) {
            throw new InvalidDataException(null, -1, "featureNames", "validation features " + validation.featureNames()
                    + " differ from training features " + train.featureNames());
        }
        train.requireFiniteLabels("training split");
        validation.requireFiniteLabels("validation split");
    }

    /** The last label end of the ensemble's rows: everything up to it may have been seen. */
    private static long dataEnd(Dataset train, Dataset validation) {
        long end = Long.MIN_VALUE;
        for (long e : train.labelEndTimestamps()) end = Math.max(end, e);
        for (long e : validation.labelEndTimestamps()) end = Math.max(end, e);
        return end;
    }

    /** Ensemble types here, everything else to the member trainer. */
    private final class WithMembers implements ModelTrainer {
        private final Set<ModelType> types;

        WithMembers() {
            Set<ModelType> t = new LinkedHashSet<>(memberTrainer.supportedTypes());
            t.addAll(specs.keySet());
            this.types = Set.copyOf(t);
        }

        private ModelTrainer target(ModelType type) {
            return specs.containsKey(type) ? EnsembleTrainer.this : memberTrainer;
        }

        @Override
        public Set<ModelType> supportedTypes() {
            return types;
        }

        @Override
        public ParamSchema paramSchema(ModelType type) {
            return target(type).paramSchema(type);
        }

        @Override
        public boolean supportsWalkForward(ModelType type) {
            return target(type).supportsWalkForward(type);
        }

        @Override
        public boolean supportsSampleWeights(ModelType type) {
            return target(type).supportsSampleWeights(type);
        }

        @Override
        public Map<String, String> defaultParams(ModelType type) {
            return target(type).defaultParams(type);
        }

        @Override
        public void checkParams(ModelType type, Map<String, String> params) {
            target(type).checkParams(type, params);
        }

        @Override
        public TrainedModel train(ModelType type, Dataset train, Dataset validation, Map<String, String> params) {
            return target(type).train(type, train, validation, params);
        }

        @Override
        public TrainedModel trainIncremental(ModelType type, TrainedModel base, Dataset newData, Dataset validation,
                                             Map<String, String> params) {
            return target(type).trainIncremental(type, base, newData, validation, params);
        }

        @Override
        public TrainedModel load(ModelType type, byte[] bytes) {
            return target(type).load(type, bytes);
        }

        @Override
        public String toString() {
            return "EnsembleTrainer.withMembers" + new java.util.TreeSet<>(types);
        }
    }

    @Override
    public String toString() {
        return "EnsembleTrainer" + new java.util.TreeSet<>(specs.keySet()) + " over " + memberTrainer;
    }
}
