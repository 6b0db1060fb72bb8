package dev.clm.testing;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A test trainer whose "training" returns the next scripted behaviour: a prediction function
 * of the row (optionally using the training data), or an exception. Models serialize to
 * {@code fake:<id>} and load back from this trainer's memory, so the manager's registry round
 * trip works. Counts open models to check that the manager closes what it opens.
 *
 * <p>Walk-forward refits (a {@code train} call whose rows end before those of the type's previous
 * fit, as the cycle's refits on past folds do) repeat the previous fit's script instead of
 * taking the next one, so one script step stays one cycle's candidate; they are counted apart
 * ({@link #refitCalls()}).
 */
public final class ScriptedTrainer implements ModelTrainer {
    /** One scripted training outcome. */
    public interface Script {
        Function<float[], Double> fit(Dataset train);
    }

    private final Set<ModelType> types;
    private final Map<ModelType, Deque<Script>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Function<float[], Double>> saved = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger trainCalls = new AtomicInteger();
    private final AtomicInteger incrementalCalls = new AtomicInteger();
    private final AtomicInteger refitCalls = new AtomicInteger();
    /** Per type: the script of the last candidate fit and the time of its last training row. */
    private final Map<ModelType, Script> lastScript = new ConcurrentHashMap<>();
    private final Map<ModelType, Long> lastEnd = new ConcurrentHashMap<>();

    public ScriptedTrainer(ModelType... types) {
        this.types = Set.of(types);
    }

    /** Queues the next training outcomes for a type (used in order; the last one repeats). */
    public ScriptedTrainer then(ModelType type, Script... next) {
        Deque<Script> q = scripts.computeIfAbsent(type, t -> new ArrayDeque<>());
        synchronized (q) {
            q.addAll(List.of(next));
        }
        return this;
    }

    /** Replaces the queued training outcomes of a type. */
    public ScriptedTrainer replace(ModelType type, Script... next) {
        Deque<Script> q = scripts.computeIfAbsent(type, t -> new ArrayDeque<>());
        synchronized (q) {
            q.clear();
            q.addAll(List.of(next));
        }
        return this;
    }

    public static Script constant(double value) {
        return d -> row -> value;
    }

    /** Predicts {@code coefficient * row[column]}. */
    public static Script linear(int column, double coefficient) {
        return d -> row -> coefficient * row[column];
    }

    public static Script failing(RuntimeException e) {
        return d -> { throw e; };
    }

    public int openModels() {
        return open.get();
    }

    public int trainCalls() {
        return trainCalls.get();
    }

    public int incrementalCalls() {
        return incrementalCalls.get();
    }

    /** Walk-forward refits on past folds (not counted in {@link #trainCalls()}). */
    public int refitCalls() {
        return refitCalls.get();
    }

    @Override
    public Set<ModelType> supportedTypes() {
        return types;
    }

    @Override
    public TrainedModel train(ModelType type, Dataset train, Dataset validation, Map<String, String> params) {
        Long end = lastEnd.get(type);
        Script previous = lastScript.get(type);
        if (end != null && previous != null && train.rows() > 0 && train.timestamps()[train.rows() - 1] < end) {
            refitCalls.incrementAndGet();
            return model(type, previous.fit(train), train);
        }
        trainCalls.incrementAndGet();
        return fit(type, train);
    }

    @Override
    public TrainedModel trainIncremental(ModelType type, TrainedModel base, Dataset newData, Dataset validation,
                                         Map<String, String> params) {
        incrementalCalls.incrementAndGet();
        return fit(type, newData);
    }

    private TrainedModel fit(ModelType type, Dataset train) {
        if (!types.contains(type)) throw new ModelTrainingException(type, "not scripted");
        Deque<Script> q = scripts.get(type);
        Script s;
        synchronized (q) {
            s = q.size() > 1 ? q.poll() : q.peek();
        }
        if (train.rows() > 0) {
            lastScript.put(type, s);
            lastEnd.put(type, train.timestamps()[train.rows() - 1]);
        }
        return model(type, s.fit(train), train);
    }

    private TrainedModel model(ModelType type, Function<float[], Double> f, Dataset train) {
        String id = "fake:" + type + ":" + ids.incrementAndGet();
        saved.put(id, f);
        return new Model(type, id, f, train.featureNames());
    }

    /** Bytes this trainer loads as a model predicting {@code value} for every row (for versions a test saves itself). */
    public byte[] loadableBytes(String id, double value) {
        saved.put(id, row -> value);
        return id.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public TrainedModel load(ModelType type, byte[] bytes) {
        String id = new String(bytes, StandardCharsets.UTF_8);
        Function<float[], Double> f = saved.get(id);
        if (f == null) throw new ModelTrainingException(type, null, "no saved fake model " + id, null);
        return new Model(type, id, f, SimpleFeatureEngineerNames.NAMES);
    }

    /** Feature names the scripted models report after load (the tests use SimpleFeatureEngineer). */
    static final class SimpleFeatureEngineerNames {
        static final List<String> NAMES = new SimpleFeatureEngineer(12).featureNames();
    }

    private final class Model implements TrainedModel {
        private final ModelType type;
        private final String id;
        private final Function<float[], Double> f;
        private final List<String> names;
        private boolean closed;

        Model(ModelType type, String id, Function<float[], Double> f, List<String> names) {
            this.type = type;
            this.id = id;
            this.f = f;
            this.names = names;
            open.incrementAndGet();
        }

        @Override
        public ModelType type() { return type; }

        @Override
        public List<String> featureNames() { return names; }

        @Override
        public double predict(float[] row) {
            if (closed) throw new IllegalStateException("closed");
            return f.apply(row);
        }

        @Override
        public double[] predict(Dataset data) {
            double[] out = new double[data.rows()];
            float[] row = new float[data.columns()];
            for (int i = 0; i < out.length; i++) out[i] = predict(data.row(i, row));
            return out;
        }

        @Override
        public byte[] serialize() { return id.getBytes(StandardCharsets.UTF_8); }

        @Override
        public String format() { return "fake"; }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                open.decrementAndGet();
            }
        }
    }
}
