package dev.clm.models.spark;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import dev.clm.api.ParamSchema;
import dev.clm.api.TrainedModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a cycle's model types in parallel as Spark tasks, plugged in where the manager takes a
 * {@link ModelTrainer}. The first {@link #train} of a cycle trains every type of {@code types} at
 * once, one task per type, with the training and validation splits broadcast (shipped once per
 * executor); each later {@code train} of the same splits and parameters returns its model from
 * that run. Each task builds its own trainer from the {@link TrainerFactory} and sends back the
 * model's serialized bytes, which the driver loads with the same trainer, so a version trained
 * here is the local trainer's artifact.
 *
 * <p>Failure isolation as in the local cycle: a type whose training throws (any Throwable) fails
 * alone, with its remote error as the message of a {@link ModelTrainingException} thrown when the
 * cycle asks for that type; the others are unaffected. A warm start ({@link #trainIncremental})
 * runs as one task of its own. Models trained ahead and never asked for are closed when the next
 * cycle's splits arrive and on {@link #close()}.
 *
 * <p>Thread safety: calls are serialized on the trainer. Ownership: a returned model belongs to the
 * caller; the session stays the caller's.
 */
public final class SparkCycleTrainer implements ModelTrainer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SparkCycleTrainer.class);

    private final SparkSession spark;
    private final TrainerFactory factory;
    private final ModelTrainer driverTrainer;
    private final Map<ModelType, Map<String, String>> overrides;
    private final Map<ModelType, Ahead> ahead = new HashMap<>();
    private Dataset aheadTrain;
    private Dataset aheadValidation;
    /** Whether the types were already trained ahead on the current splits. */
    private boolean trainedAhead;

    /**
     * @param types     the cycle's model types with the manager's parameter overrides for each
     *                  (the same as given to the manager's {@code trainingParams}; empty for none)
     */
    public SparkCycleTrainer(SparkSession spark, TrainerFactory factory, Map<ModelType, Map<String, String>> types) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.driverTrainer = factory.create();
        this.overrides = new LinkedHashMap<>();
        types.forEach((t, p) -> {
            if (!driverTrainer.supports(t)) throw new IllegalArgumentException("the trainer does not support model type " + t);
            overrides.put(t, Map.copyOf(p));
        });
    }

    @Override
    public Set<ModelType> supportedTypes() {
        return driverTrainer.supportedTypes();
    }

    @Override
    public boolean supportsWalkForward(ModelType type) {
        return driverTrainer.supportsWalkForward(type);
    }

    @Override
    public boolean supportsSampleWeights(ModelType type) {
        return driverTrainer.supportsSampleWeights(type);
    }

    @Override
    public ParamSchema paramSchema(ModelType type) {
        return driverTrainer.paramSchema(type);
    }

    @Override
    public synchronized TrainedModel train(ModelType type, Dataset train, Dataset validation, Map<String, String> params) {
        Objects.requireNonNull(type, "type");
        Map<String, String> asked = Map.copyOf(params);
        if (train == aheadTrain && validation == aheadValidation) {
            Ahead a = ahead.remove(type);
            if (a != null && a.params().equals(asked)) return a.claim(type);
            if (a != null) a.discard();
        } else {
            discardAhead();
            aheadTrain = train;
            aheadValidation = validation;
            trainedAhead = false;
        }
        Map<ModelType, Map<String, String>> jobs = new LinkedHashMap<>();
        jobs.put(type, asked);
        if (!trainedAhead) {
            for (ModelType t : overrides.keySet()) {
                if (!t.equals(type)) jobs.put(t, merged(t));
            }
            trainedAhead = true;
        }
        Map<ModelType, Ahead> results = run(jobs, train, validation, null);
        Ahead mine = results.remove(type);
        ahead.putAll(results);
        return mine.claim(type);
    }

    @Override
    public synchronized TrainedModel trainIncremental(ModelType type, TrainedModel base, Dataset newData, Dataset validation,
                                                      Map<String, String> params) {
        Objects.requireNonNull(base, "base");
        Map<ModelType, Map<String, String>> job = Map.of(type, Map.copyOf(params));
        return run(job, newData, validation, base.serialize()).get(type).claim(type);
    }

    @Override
    public TrainedModel load(ModelType type, byte[] bytes) {
        return driverTrainer.load(type, bytes);
    }

    /** Trainer defaults, then the overrides: what the cycle passes for a type. */
    private Map<String, String> merged(ModelType type) {
        Map<String, String> p = new LinkedHashMap<>(driverTrainer.defaultParams(type));
        p.putAll(overrides.getOrDefault(type, Map.of()));
        return Map.copyOf(p);
    }

    private Map<ModelType, Ahead> run(Map<ModelType, Map<String, String>> jobs, Dataset train, Dataset validation, byte[] base) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<DatasetPayload[]> data = jsc.broadcast(new DatasetPayload[] {DatasetPayload.of(train), DatasetPayload.of(validation)});
        try {
            List<Task> tasks = new ArrayList<>();
            jobs.forEach((t, p) -> tasks.add(new Task(t.name(), new HashMap<>(p), base)));
            TrainerFactory f = factory;
            List<TaskResult> done = jsc.parallelize(tasks, tasks.size()).map(task -> task.run(f, data.value())).collect();
            Map<ModelType, Ahead> out = new LinkedHashMap<>();
            for (TaskResult r : done) {
                ModelType t = ModelType.of(r.type());
                TrainedModel m = null;
                String error = r.error();
                if (error == null) {
                    try {
                        m = driverTrainer.load(t, r.model());
                    } catch (RuntimeException e) {
                        error = "loading the model trained on the cluster failed: " + e;
                    }
                }
                if (error != null) LOG.warn("{} failed on the cluster: {}", t, error);
                out.put(t, new Ahead(jobs.get(t), m, error));
            }
            return out;
        } finally {
            data.destroy();
        }
    }

    private void discardAhead() {
        ahead.values().forEach(Ahead::discard);
        ahead.clear();
    }

    @Override
    public synchronized void close() {
        discardAhead();
        aheadTrain = null;
        aheadValidation = null;
        trainedAhead = false;
        if (driverTrainer instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing the driver's trainer failed", e);
            }
        }
    }

    /** A model trained ahead (or its failure), for the parameters it was trained with. */
    private record Ahead(Map<String, String> params, TrainedModel model, String error) {
        TrainedModel claim(ModelType type) {
            if (error != null) throw new ModelTrainingException(type, null, "training on the Spark cluster failed: " + error, null);
            return model;
        }

        void discard() {
            if (model != null) model.close();
        }
    }

    /** One model type to train in a task. */
    record Task(String type, HashMap<String, String> params, byte[] base) implements Serializable {
        TaskResult run(TrainerFactory factory, DatasetPayload[] data) {
            ModelTrainer trainer = null;
            try {
                trainer = factory.create();
                ModelType t = ModelType.of(type);
                Dataset train = data[0].toDataset();
                Dataset validation = data[1].toDataset();
                TrainedModel m;
                if (base == null) {
                    m = trainer.train(t, train, validation, params);
                } else {
                    try (TrainedModel parent = trainer.load(t, base)) {
                        m = trainer.trainIncremental(t, parent, train, validation, params);
                    }
                }
                try (TrainedModel model = m) {
                    return new TaskResult(type, model.serialize(), null);
                }
            } catch (Throwable e) {
                return new TaskResult(type, null, e.getClass().getName() + ": " + e.getMessage());
            } finally {
                if (trainer instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // the result is already decided; a failing close must not replace it
                    }
                }
            }
        }
    }

    /** What a task sends back: the model's bytes, or the error that ended its training. */
    record TaskResult(String type, byte[] model, String error) implements Serializable {}
}
