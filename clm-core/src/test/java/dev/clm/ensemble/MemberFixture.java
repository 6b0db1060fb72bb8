package dev.clm.ensemble;

import dev.clm.api.Checksums;
import dev.clm.api.Dataset;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.TimeRange;
import dev.clm.api.TrainedModel;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Test helpers: a type-dispatching member trainer that counts open models, and registering members as ACTIVE. */
final class MemberFixture {
    private MemberFixture() {}

    /** Dispatches by type to the given trainers and counts models it hands out that are not closed yet. */
    static final class CountingTrainer implements ModelTrainer {
        final Map<ModelType, ModelTrainer> byType = new LinkedHashMap<>();
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger trained = new AtomicInteger();
        volatile boolean failLoads;

        CountingTrainer(ModelTrainer... trainers) {
            for (ModelTrainer t : trainers) for (ModelType type : t.supportedTypes()) byType.put(type, t);
        }

        @Override
        public Set<ModelType> supportedTypes() {
            return byType.keySet();
        }

        @Override
        public Map<String, String> defaultParams(ModelType type) {
            return of(type).defaultParams(type);
        }

        private ModelTrainer of(ModelType type) {
            ModelTrainer t = byType.get(type);
            if (t == null) throw new dev.clm.api.UnknownModelException(type, null, "test trainer has " + byType.keySet());
            return t;
        }

        @Override
        public TrainedModel train(ModelType type, Dataset train, Dataset validation, Map<String, String> params) {
            trained.incrementAndGet();
            return counted(of(type).train(type, train, validation, params));
        }

        @Override
        public TrainedModel trainIncremental(ModelType type, TrainedModel base, Dataset newData, Dataset validation, Map<String, String> params) {
            TrainedModel inner = base instanceof Counted c ? c.inner : base;
            return counted(of(type).trainIncremental(type, inner, newData, validation, params));
        }

        @Override
        public TrainedModel load(ModelType type, byte[] bytes) {
            if (failLoads) throw new IllegalStateException("native library for " + type + " is not available in this process");
            return counted(of(type).load(type, bytes));
        }

        private TrainedModel counted(TrainedModel m) {
            open.incrementAndGet();
            return new Counted(m);
        }

        /** Delegates, counting close once. */
        final class Counted implements TrainedModel {
            final TrainedModel inner;
            private boolean closed;

            Counted(TrainedModel inner) {
                this.inner = inner;
            }

            @Override public ModelType type() { return inner.type(); }
            @Override public List<String> featureNames() { return inner.featureNames(); }
            @Override public double predict(float[] row) { return inner.predict(row); }
            @Override public double[] predict(Dataset data) { return inner.predict(data); }
            @Override public byte[] serialize() { return inner.serialize(); }
            @Override public String format() { return inner.format(); }
            @Override public Map<String, String> provenance() { return inner.provenance(); }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    open.decrementAndGet();
                }
                inner.close();
            }
        }
    }

    /**
     * Trains {@code type} on {@code train} (validation for its penalty), registers it as ACTIVE
     * with a training range ending at the last validation label, and closes the model.
     */
    static ModelArtifact trainActive(ModelRegistry registry, ModelTrainer trainer, ModelType type, Dataset train, Dataset validation,
                                     Map<String, String> params, String version) {
        try (TrainedModel m = trainer.train(type, train, validation, params)) {
            return registerActive(registry, m, TimeRange.ofEpochMillis(train.timestamps()[0],
                    validation.labelEndTimestamps()[validation.rows() - 1]), params, version, train.rows());
        }
    }

    static ModelArtifact registerActive(ModelRegistry registry, TrainedModel m, TimeRange range, Map<String, String> params,
                                        String version, long rows) {
        byte[] bytes = m.serialize();
        ModelArtifact a = new ModelArtifact(m.type(), version, ModelStatus.CANDIDATE, range.end().plusSeconds(60), range, rows, Map.of(),
                Map.of(), params, m.provenance(), null, Checksums.sha256Hex(bytes), bytes.length, m.format(), null, null);
        registry.save(a, bytes);
        registry.promote(m.type(), version, "test setup");
        return registry.require(m.type(), version);
    }

    static Instant at(long millis) {
        return Instant.ofEpochMilli(millis);
    }
}
