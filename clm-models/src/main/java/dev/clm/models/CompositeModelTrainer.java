package dev.clm.models;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.ParamSchema;
import dev.clm.api.TrainedModel;
import dev.clm.api.UnknownModelException;
import dev.clm.models.lightgbm.LightGBMTrainer;
import dev.clm.models.xgboost.XGBoostTrainer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ModelTrainer} that dispatches each call to the trainer registered for the call's
 * {@link ModelType}, so the manager trains any mix of kinds and an engine adds its own kind
 * ({@code ModelType.of("my_lstm")}) by registering a trainer for it, without touching core.
 *
 * <pre>{@code
 * ModelTrainer trainer = CompositeModelTrainer.builder()
 *         .register(new XGBoostTrainer())                      // every type it supports
 *         .register(new LightGBMTrainer())
 *         .register(ModelType.of("my_lstm"), new MyLstmTrainer())
 *         .build();
 * }</pre>
 *
 * <p>An unregistered type is an {@link UnknownModelException} naming it and the known types.
 * Immutable and thread-safe if the delegates are. {@link #close()} closes each delegate that is
 * {@link AutoCloseable} once.
 */
public final class CompositeModelTrainer implements ModelTrainer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CompositeModelTrainer.class);

    private final Map<ModelType, ModelTrainer> trainers;

    private CompositeModelTrainer(Map<ModelType, ModelTrainer> trainers) {
        this.trainers = Collections.unmodifiableMap(new LinkedHashMap<>(trainers));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** XGBoost and LightGBM with their default parameters. */
    public static CompositeModelTrainer trees() {
        return builder().register(new XGBoostTrainer()).register(new LightGBMTrainer()).build();
    }

    /** The trainer registered for {@code type}; throws {@link UnknownModelException} if none. */
    public ModelTrainer trainerFor(ModelType type) {
        Objects.requireNonNull(type, "type");
        ModelTrainer t = trainers.get(type);
        if (t == null) {
            throw new UnknownModelException(type, null, "no trainer registered for it; registered: " + new TreeSet<>(trainers.keySet()));
        }
        return t;
    }

    @Override
    public Set<ModelType> supportedTypes() {
        return trainers.keySet();
    }

    @Override
    public ParamSchema paramSchema(ModelType type) {
        return trainerFor(type).paramSchema(type);
    }

    @Override
    public Map<String, String> defaultParams(ModelType type) {
        return trainerFor(type).defaultParams(type);
    }

    @Override
    public void checkParams(ModelType type, Map<String, String> params) {
        trainerFor(type).checkParams(type, params);
    }

    /** What the trainer registered for {@code type} says (false for an unregistered type). */
    @Override
    public boolean supportsWalkForward(ModelType type) {
        ModelTrainer t = trainers.get(Objects.requireNonNull(type, "type"));
        return t != null && t.supportsWalkForward(type);
    }

    /** What the trainer registered for {@code type} says (false for an unregistered type). */
    @Override
    public boolean supportsSampleWeights(ModelType type) {
        ModelTrainer t = trainers.get(Objects.requireNonNull(type, "type"));
        return t != null && t.supportsSampleWeights(type);
    }

    @Override
    public TrainedModel train(ModelType type, Dataset train, Dataset validation, Map<String, String> params) {
        return trainerFor(type).train(type, train, validation, params);
    }

    @Override
    public TrainedModel trainIncremental(ModelType type, TrainedModel base, Dataset newData, Dataset validation,
                                         Map<String, String> params) {
        ModelTrainer t = trainerFor(type);
        Objects.requireNonNull(base, "base");
        if (!type.equals(base.type())) {
            throw new IllegalArgumentException("base model is a " + base.type() + " model, cannot continue it as " + type);
        }
        return t.trainIncremental(type, base, newData, validation, params);
    }

    @Override
    public TrainedModel load(ModelType type, byte[] bytes) {
        return trainerFor(type).load(type, bytes);
    }

    /** Closes every distinct delegate that is {@link AutoCloseable}; failures are logged, not thrown. */
    @Override
    public void close() {
        Set<ModelTrainer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ModelTrainer t : trainers.values()) {
            if (seen.add(t) && t instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("closing trainer {} failed: {}", t.getClass().getName(), e.toString());
                }
            }
        }
    }

    @Override
    public String toString() {
        return "CompositeModelTrainer" + trainers.keySet();
    }

    /** Collects trainers by type. Registering a type twice is an error unless {@link #replace} is used. */
    public static final class Builder {
        private final Map<ModelType, ModelTrainer> trainers = new LinkedHashMap<>();

        private Builder() {}

        /** Registers {@code trainer} for every type in its {@link ModelTrainer#supportedTypes()}. */
        public Builder register(ModelTrainer trainer) {
            Objects.requireNonNull(trainer, "trainer");
            if (trainer.supportedTypes().isEmpty()) throw new IllegalArgumentException(trainer.getClass().getName() + " supports no model type");
            for (ModelType type : trainer.supportedTypes()) register(type, trainer);
            return this;
        }

        /** Registers {@code trainer} for {@code type}; it must support it and the type must be new. */
        public Builder register(ModelType type, ModelTrainer trainer) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(trainer, "trainer");
            if (!trainer.supports(type)) {
                throw new IllegalArgumentException(trainer.getClass().getName() + " does not support model type " + type
                        + " (supports " + trainer.supportedTypes() + ")");
            }
            ModelTrainer previous = trainers.putIfAbsent(type, trainer);
            if (previous != null && previous != trainer) {
                throw new IllegalArgumentException("model type " + type + " already has a trainer: " + previous.getClass().getName()
                        + "; use replace() to swap it");
            }
            return this;
        }

        /** Registers {@code trainer} for {@code type}, replacing any earlier one (e.g. an engine's own XGBoost setup). */
        public Builder replace(ModelType type, ModelTrainer trainer) {
            trainers.remove(Objects.requireNonNull(type, "type"));
            return register(type, trainer);
        }

        public CompositeModelTrainer build() {
            if (trainers.isEmpty()) throw new IllegalArgumentException("a composite trainer needs at least one trainer");
            return new CompositeModelTrainer(trainers);
        }
    }
}
