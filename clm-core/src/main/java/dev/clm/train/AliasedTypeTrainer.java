package dev.clm.train;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.ParamSchema;
import dev.clm.api.TrainedModel;
import dev.clm.api.UnknownModelException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link ModelTrainer} that also trains alias types with the trainer of their base type:
 * {@code xgboost.weekly} is trained, continued and loaded as {@code xgboost} by the delegate,
 * and the returned model reports {@code xgboost.weekly} as its {@link TrainedModel#type()}, so
 * the registry, the loaders and warm starts see one consistent type. Types that are not
 * aliases pass straight through. The serialized bytes are the base model's own (an alias adds
 * no format of its own); provenance gains {@code alias_of}.
 *
 * <p>Used by the manager for training cadences; usable on its own to load a cadence type's
 * registered versions. Immutable; thread-safe if the delegate is. The wrapped model owns the
 * base model and closes it.
 */
public final class AliasedTypeTrainer implements ModelTrainer {
    private final ModelTrainer delegate;
    private final Map<ModelType, ModelType> baseOf;

    /**
     * @param aliases alias type to base type; every base must be supported by {@code delegate},
     *                no alias may be
     */
    public AliasedTypeTrainer(ModelTrainer delegate, Map<ModelType, ModelType> aliases) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.baseOf = Map.copyOf(new LinkedHashMap<>(aliases));
        baseOf.forEach((alias, base) -> {
            if (!delegate.supports(base)) {
                throw new UnknownModelException(base, null, "base type of alias " + alias + " is not supported by the trainer (supports "
                        + delegate.supportedTypes() + ")");
            }
            if (delegate.supports(alias)) {
                throw new IllegalArgumentException("alias type " + alias + " is already a type of the trainer; choose another name");
            }
        });
    }

    /** The base type an alias is trained as, or {@code type} itself. */
    public ModelType baseOf(ModelType type) {
        return baseOf.getOrDefault(type, type);
    }

    @Override
    public Set<ModelType> supportedTypes() {
        Set<ModelType> s = new LinkedHashSet<>(delegate.supportedTypes());
        s.addAll(baseOf.keySet());
        return s;
    }

    @Override
    public boolean supportsWalkForward(ModelType type) {
        return delegate.supportsWalkForward(baseOf(type));
    }

    @Override
    public boolean supportsSampleWeights(ModelType type) {
        return delegate.supportsSampleWeights(baseOf(type));
    }

    @Override
    public ParamSchema paramSchema(ModelType type) {
        return delegate.paramSchema(baseOf(type));
    }

    @Override
    public Map<String, String> defaultParams(ModelType type) {
        return delegate.defaultParams(baseOf(type));
    }

    @Override
    public void checkParams(ModelType type, Map<String, String> params) {
        delegate.checkParams(baseOf(type), params);
    }

    @Override
    public TrainedModel train(ModelType type, Dataset train, Dataset validation, Map<String, String> params) {
        return wrap(type, delegate.train(baseOf(type), train, validation, params));
    }

    @Override
    public TrainedModel trainIncremental(ModelType type, TrainedModel base, Dataset newData, Dataset validation,
                                         Map<String, String> params) {
        Objects.requireNonNull(base, "base");
        if (!baseOf.containsKey(type)) return delegate.trainIncremental(type, base, newData, validation, params);
        if (!(base instanceof AliasedModel a) || !a.type.equals(type)) {
            throw new IllegalArgumentException("base model for INCREMENTAL " + type + " must be a " + type + " model, got a "
                    + base.type() + " model");
        }
        return wrap(type, delegate.trainIncremental(baseOf(type), a.inner, newData, validation, params));
    }

    @Override
    public TrainedModel load(ModelType type, byte[] bytes) {
        return wrap(type, delegate.load(baseOf(type), bytes));
    }

    private TrainedModel wrap(ModelType type, TrainedModel model) {
        return baseOf.containsKey(type) ? new AliasedModel(type, model) : model;
    }

    @Override
    public String toString() {
        return "AliasedTypeTrainer" + baseOf + " over " + delegate;
    }

    /** A base model presented as its alias type; everything else is the base model's. */
    static final class AliasedModel implements TrainedModel {
        private final ModelType type;
        private final TrainedModel inner;
        private final Map<String, String> provenance;

        AliasedModel(ModelType type, TrainedModel inner) {
            this.type = type;
            this.inner = inner;
            Map<String, String> p = new LinkedHashMap<>(inner.provenance());
            p.put("alias_of", inner.type().name());
            this.provenance = Map.copyOf(p);
        }

        @Override
        public ModelType type() {
            return type;
        }

        @Override
        public List<String> featureNames() {
            return inner.featureNames();
        }

        @Override
        public double predict(float[] row) {
            return inner.predict(row);
        }

        @Override
        public double[] predict(Dataset data) {
            return inner.predict(data);
        }

        @Override
        public byte[] serialize() {
            return inner.serialize();
        }

        @Override
        public String format() {
            return inner.format();
        }

        @Override
        public Map<String, String> provenance() {
            return provenance;
        }

        @Override
        public void close() {
            inner.close();
        }

        @Override
        public String toString() {
            return type + "(" + inner + ")";
        }
    }
}
