package dev.clm.models.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.Checksums;
import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.TrainedModel;
import dev.clm.api.contract.ModelTrainerContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link ModelTrainerContract} plus what the neural trainers promise beyond it: skill on a
 * planted signal and none on a random walk, reproducibility, warm start from the parent,
 * the ret_lag input convention, and native memory released on close.
 */
public abstract class DjlSequenceTrainerContract extends ModelTrainerContract {
    /** Lags in the test datasets; the fast parameters use input_size = LAGS. */
    protected static final int LAGS = 32;
    private static final long T0 = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;

    /** Margin over the majority-sign baseline the planted-signal test demands. */
    protected static final double SKILL_MARGIN = 0.08;

    @Override
    protected Dataset dataset(int rows, long seed, long startMillis) {
        return ReturnSeriesDatasets.planted(rows, LAGS, seed, startMillis);
    }

    /** Parameters for the skill tests (a little more training than {@link #fastParams()}). */
    protected abstract Map<String, String> skillParams();

    protected Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new HashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private static double directionalAccuracy(double[] p, float[] y, int step) {
        int hits = 0, n = 0;
        for (int i = 0; i < p.length; i += step) {
            if (y[i] == 0) continue;
            n++;
            if (p[i] * y[i] > 0) hits++;
        }
        return (double) hits / n;
    }

    /** Best a constant sign prediction can do: the share of the more frequent label sign. */
    private static double majorityBaseline(float[] y) {
        int up = 0;
        for (float v : y) if (v > 0) up++;
        return Math.max(up, y.length - up) / (double) y.length;
    }

    private static double mseRatio(double[] p, float[] y) {
        double m = 0, z = 0;
        for (int i = 0; i < p.length; i++) {
            m += (p[i] - y[i]) * (p[i] - y[i]);
            z += (double) y[i] * y[i];
        }
        return m / z;
    }

    @Nested
    @DisplayName("skill where there is signal, none where there is none")
    class Skill {
        @Test
        void beatsTheZeroReturnBaselineOnHeldOutDirectionalAccuracyWithAPlantedSignal() {
            Dataset heldOut = ReturnSeriesDatasets.planted(3000, LAGS, 11, T0 + 4000 * HOUR);
            try (TrainedModel m = trainer.train(type(), train, validation, skillParams())) {
                double[] p = m.predict(heldOut);
                double da = directionalAccuracy(p, heldOut.labels(), 1);
                double baseline = majorityBaseline(heldOut.labels());
                assertThat(da).as("held-out directional accuracy vs majority-sign baseline %s", baseline)
                        .isGreaterThanOrEqualTo(baseline + SKILL_MARGIN);
                assertThat(mseRatio(p, heldOut.labels())).as("MSE relative to predicting zero").isLessThan(0.95);
            }
        }

        @Test
        void showsNoSignificantSkillOnARandomWalk() {
            Dataset rwTrain = ReturnSeriesDatasets.randomWalk(3000, LAGS, 21, T0);
            Dataset rwValidation = ReturnSeriesDatasets.randomWalk(600, LAGS, 22, T0 + 3000 * HOUR);
            Dataset rwTest = ReturnSeriesDatasets.randomWalk(6000, LAGS, 23, T0 + 3600 * HOUR);
            TrainedModel m;
            try {
                m = trainer.train(type(), rwTrain, rwValidation, skillParams());
            } catch (dev.clm.api.ModelTrainingException e) {
                // the usual outcome: no epoch beat the zero forecast on the validation split, so there is no model
                assertThat(e.getMessage()).contains("not below the zero-return forecast");
                return;
            }
            try (m) {
                double[] p = m.predict(rwTest);
                // Every HORIZON-th row: labels do not overlap, so the 500 outcomes are independent.
                int n = rwTest.rows() / ReturnSeriesDatasets.HORIZON;
                double da = directionalAccuracy(p, rwTest.labels(), ReturnSeriesDatasets.HORIZON);
                double threeSigma = 3 * 0.5 / Math.sqrt(n);
                assertThat(da).as("directional accuracy on %s independent random-walk labels", n)
                        .isBetween(0.5 - threeSigma, 0.5 + threeSigma);
                assertThat(mseRatio(p, rwTest.labels())).as("MSE relative to predicting zero").isGreaterThan(0.97);
            }
        }
    }

    @Nested
    @DisplayName("reproducibility")
    class Reproducibility {
        @Test
        void sameSeedGivesIdenticalPredictionsAndBytes() {
            try (TrainedModel a = trainer.train(type(), train, validation, fastParams());
                 TrainedModel b = trainer.train(type(), train, validation, fastParams())) {
                assertThat(b.predict(test)).containsExactly(a.predict(test));
                assertThat(b.serialize()).isEqualTo(a.serialize());
                // the thread count is part of the recipe: another count gives other bits (CrossJvmDeterminismTest)
                assertThat(a.provenance()).containsEntry("torch_intra_op_threads", Integer.toString(DjlRuntime.intraOpThreads()))
                        .containsEntry("torch_inter_op_threads", Integer.toString(DjlRuntime.interOpThreads()));
            }
        }

        @Test
        @DisplayName("three fits in one JVM with the skill parameters (more epochs, early stopping) give identical bytes")
        void repeatedLongerFitsAreBitIdentical() {
            byte[] first = null;
            for (int run = 0; run < 3; run++) {
                try (TrainedModel m = trainer.train(type(), train, validation, skillParams())) {
                    byte[] bytes = m.serialize();
                    if (first == null) first = bytes;
                    else assertThat(bytes).as("run %d", run).isEqualTo(first);
                }
            }
        }

        @Test
        void anotherSeedGivesAnotherModel() {
            try (TrainedModel a = trainer.train(type(), train, validation, fastParams());
                 TrainedModel b = trainer.train(type(), train, validation, with(fastParams(), TrainingParams.SEED, "7"))) {
                assertThat(b.predict(test)).isNotEqualTo(a.predict(test));
                assertThat(b.provenance()).containsEntry("seed", "7");
            }
        }

        @Test
        void retrainingFromTheRecordedParametersReproducesTheModel() {
            try (TrainedModel a = trainer.train(type(), train, validation, fastParams())) {
                Map<String, String> recorded = ((DjlSequenceModel) a).params();
                assertThat(recorded).containsAllEntriesOf(trainer.defaultParams(type()).entrySet().stream()
                        .filter(e -> !fastParams().containsKey(e.getKey()))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
                try (TrainedModel b = trainer.train(type(), train, validation, recorded)) {
                    assertThat(b.predict(test)).containsExactly(a.predict(test));
                }
            }
        }
    }

    @Nested
    @DisplayName("INCREMENTAL fine-tuning")
    class Incremental {
        @Test
        void withoutExtraEpochsTheChildPredictsExactlyLikeItsParentAndRecordsIt() {
            try (TrainedModel base = trainer.train(type(), train, validation, fastParams());
                 TrainedModel child = trainer.trainIncremental(type(), base, validation, test, Map.of(TrainingParams.EPOCHS, "0"))) {
                assertThat(child.predict(test)).containsExactly(base.predict(test));
                assertThat(child.provenance()).containsEntry("warm_start_from_sha256", Checksums.sha256Hex(base.serialize()));
                assertThat(((DjlSequenceModel) child).params()).isEqualTo(((DjlSequenceModel) base).params()
                        .entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                                e -> e.getKey().equals(TrainingParams.EPOCHS) ? "0" : e.getValue())));
            }
        }

        @Test
        void fineTuningImprovesAnUnderfitBaseAndLeavesTheBaseIntact() {
            Dataset newRows = dataset(1500, 31, T0 + 3000 * HOUR);
            Dataset newValidation = dataset(400, 32, T0 + 4500 * HOUR);
            Dataset later = dataset(600, 33, T0 + 4900 * HOUR);
            try (TrainedModel base = trainer.train(type(), train.slice(0, 500), validation, with(fastParams(), TrainingParams.EPOCHS, "1"))) {
                byte[] baseBytes = base.serialize();
                double[] before = base.predict(later);
                try (TrainedModel child = trainer.trainIncremental(type(), base, newRows, newValidation,
                        Map.of(TrainingParams.EPOCHS, "4", TrainingParams.PATIENCE, "10"))) {
                    assertThat(java.util.Arrays.equals(child.predict(later), before)).as("fine-tuned predictions equal the base's").isFalse();
                    assertThat(child.provenance()).containsEntry("epochs_run", "4");
                    assertThat(Double.parseDouble(child.provenance().get("best_validation_mse")))
                            .as("validation MSE after fine-tuning vs the base's on the same rows")
                            .isLessThan(Double.parseDouble(child.provenance().get("initial_validation_mse")));
                }
                assertThat(java.util.Arrays.equals(base.predict(later), before)).as("base predictions unchanged").isTrue();
                assertThat(base.serialize()).isEqualTo(baseBytes);
            }
        }

        @Test
        void fineTuningThatDoesNotImproveValidationKeepsTheParentWeights() {
            try (TrainedModel base = trainer.train(type(), train, validation, fastParams());
                 TrainedModel child = trainer.trainIncremental(type(), base, validation, test,
                         Map.of(TrainingParams.EPOCHS, "2", TrainingParams.LEARNING_RATE, "0.5"))) {
                // Adam steps of 0.5 wreck a trained network, so no epoch beats the parent on validation.
                assertThat(child.provenance().get("best_validation_mse")).isEqualTo(child.provenance().get("initial_validation_mse"));
                assertThat(java.util.Arrays.equals(child.predict(test), base.predict(test))).as("child predicts like the parent").isTrue();
            }
        }

        @Test
        void architectureParametersCannotChange() {
            try (TrainedModel base = trainer.train(type(), train, validation, fastParams())) {
                String arch = trainer.defaultParams(type()).containsKey("hidden_size") ? "hidden_size" : "d_model";
                assertThatThrownBy(() -> trainer.trainIncremental(type(), base, validation, test, Map.of(arch, "8")))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(arch).hasMessageContaining("INCREMENTAL");
            }
        }

        @Test
        void aBaseOfAnotherKindIsRejected() {
            TrainedModel alien = new AlienModel();
            assertThatThrownBy(() -> trainer.trainIncremental(type(), alien, validation, test, fastParams()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base model");
        }
    }

    @Nested
    @DisplayName("input convention and bad input")
    class Inputs {
        @Test
        void readsItsWindowByNameNotByPosition() {
            try (TrainedModel m = trainer.train(type(), train, validation, fastParams())) {
                assertThat(m.featureNames()).startsWith("noise_a", "ret_lag_0").endsWith("noise_b");
                float[] row = test.row(5, new float[test.columns()]);
                double p = m.predict(row);
                row[0] = 1e6f; // noise columns are not part of the window
                row[row.length - 1] = -1e6f;
                assertThat(m.predict(row)).isEqualTo(p);
                row[1 + 3] += 0.05f; // ret_lag_3 is
                assertThat(m.predict(row)).isNotEqualTo(p);
            }
        }

        @Test
        void sampleWeightsAreNotSupportedAndRecordedAsIgnored() {
            assertThat(trainer.supportsSampleWeights(type())).isFalse();
            float[] w = new float[train.rows()];
            java.util.Arrays.fill(w, 2f);
            try (TrainedModel plain = trainer.train(type(), train, validation, fastParams());
                 TrainedModel weighted = trainer.train(type(), train.withWeights(w), validation, fastParams())) {
                assertThat(weighted.provenance()).containsEntry("sample_weights", "ignored");
                assertThat(plain.provenance()).containsEntry("sample_weights", "none");
                assertThat(weighted.predict(test)).containsExactly(plain.predict(test)); // ignored means ignored
            }
        }

        @Test
        void missingReturnLagColumnsAreNamedWithTheFix() {
            Dataset shortTrain = ReturnSeriesDatasets.planted(500, LAGS / 2, 1, T0);
            Dataset shortValidation = ReturnSeriesDatasets.planted(100, LAGS / 2, 2, T0 + 500 * HOUR);
            assertThatThrownBy(() -> trainer.train(type(), shortTrain, shortValidation, fastParams()))
                    .isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining("ret_lag_" + (LAGS - 1)).hasMessageContaining("FeatureConfig.returnLags");
        }

        @Test
        void emptySplitsAreRejectedByName() {
            assertThatThrownBy(() -> trainer.train(type(), train.slice(0, 0), validation, fastParams()))
                    .isInstanceOf(InvalidDataException.class).hasMessageContaining("training split is empty");
            assertThatThrownBy(() -> trainer.train(type(), train, validation.slice(0, 0), fastParams()))
                    .isInstanceOf(InvalidDataException.class).hasMessageContaining("validation split is empty");
        }

        @Test
        void nanInTheWindowIsRejectedWithRowAndColumn() {
            float[] f = train.features().clone();
            f[42 * train.columns() + train.featureIndex("ret_lag_7")] = Float.NaN;
            Dataset bad = new Dataset(train.featureNames(), train.symbols(), train.timestamps(), train.labelEndTimestamps(),
                    train.symbolIds(), f, train.labels(), null);
            assertThatThrownBy(() -> trainer.train(type(), bad, validation, fastParams()))
                    .isInstanceOf(InvalidDataException.class).hasMessageContaining("row 42").hasMessageContaining("ret_lag_7");
        }

        @Test
        void validationBeforeTrainingIsRejected() {
            assertThatThrownBy(() -> trainer.train(type(), validation, train, fastParams()))
                    .isInstanceOf(InvalidDataException.class).hasMessageContaining("validation split starts");
        }

        @Test
        void outOfRangeParameterIsRejectedByNameAndRange() {
            assertThatThrownBy(() -> trainer.train(type(), train, validation, with(fastParams(), TrainingParams.LEARNING_RATE, "-1")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learning_rate").hasMessageContaining("range");
        }

        @Test
        void zeroEpochsIsRejectedForANewModel() {
            assertThatThrownBy(() -> trainer.train(type(), train, validation, with(fastParams(), TrainingParams.EPOCHS, "0")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epochs").hasMessageContaining("INCREMENTAL");
        }

        @Test
        void corruptOrForeignBytesAreRejectedOnLoad() {
            assertThatThrownBy(() -> trainer.load(type(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}))
                    .isInstanceOf(ModelTrainingException.class).hasMessageContaining("magic");
            try (TrainedModel m = trainer.train(type(), train, validation, fastParams())) {
                byte[] b = m.serialize();
                byte[] truncated = java.util.Arrays.copyOf(b, b.length - 100);
                assertThatThrownBy(() -> trainer.load(type(), truncated)).isInstanceOf(ModelTrainingException.class);
            }
        }
    }

    @Nested
    @DisplayName("native resources and concurrency")
    class NativeResources {
        @Test
        void serializeAfterCloseFailsAndTheManagerIsClosed() {
            DjlSequenceModel m = (DjlSequenceModel) trainer.train(type(), train, validation, fastParams());
            assertThat(m.isOpen()).isTrue();
            m.close();
            assertThat(m.isOpen()).isFalse();
            assertThatThrownBy(m::serialize).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void repeatedTrainCloseCyclesDoNotGrowMemory() throws Exception {
            Dataset small = train.slice(0, 1000);
            Dataset smallValidation = validation.slice(0, 200);
            Map<String, String> p = with(fastParams(), TrainingParams.EPOCHS, "1");
            for (int i = 0; i < 3; i++) cycle(small, smallValidation, p); // warm-up: engine, allocator pools, JIT
            long rssBefore = rssBytes();
            long heapBefore = usedHeapAfterGc();
            List<DjlSequenceModel> closed = new ArrayList<>();
            for (int i = 0; i < 8; i++) closed.add(cycle(small, smallValidation, p));
            long rssGrowth = rssBytes() - rssBefore;
            long heapGrowth = usedHeapAfterGc() - heapBefore;
            assertThat(closed).allSatisfy(m -> assertThat(m.isOpen()).isFalse());
            assertThat(rssGrowth).as("resident memory growth over 8 train/close cycles").isLessThan(64L << 20);
            assertThat(heapGrowth).as("heap growth over 8 train/close cycles").isLessThan(16L << 20);
        }

        private DjlSequenceModel cycle(Dataset t, Dataset v, Map<String, String> p) {
            DjlSequenceModel m = (DjlSequenceModel) trainer.train(type(), t, v, p);
            m.predict(test);
            m.serialize();
            m.close();
            return m;
        }

        @Test
        void concurrentPredictionsAgreeWithSequentialOnes() throws Exception {
            try (TrainedModel m = trainer.train(type(), train, validation, fastParams())) {
                double[] expected = m.predict(test);
                ExecutorService pool = Executors.newFixedThreadPool(4);
                try {
                    List<Future<double[]>> futures = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        futures.add(pool.submit(() -> {
                            double[] out = new double[test.rows()];
                            float[] row = new float[test.columns()];
                            for (int i = 0; i < out.length; i++) out[i] = m.predict(test.row(i, row));
                            return out;
                        }));
                    }
                    for (Future<double[]> f : futures) {
                        double[] got = f.get();
                        for (int i = 0; i < got.length; i++) {
                            assertThat(got[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-6 + Math.abs(expected[i]) * 1e-5));
                        }
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }

    private static long rssBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
        return 0; // not Linux: only the heap bound is checked
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** A model of a foreign kind, to check the incremental base type. */
    private final class AlienModel implements TrainedModel {
        @Override public dev.clm.api.ModelType type() { return dev.clm.api.ModelType.of("alien"); }
        @Override public List<String> featureNames() { return train.featureNames(); }
        @Override public double predict(float[] row) { return 0; }
        @Override public double[] predict(Dataset data) { return new double[data.rows()]; }
        @Override public byte[] serialize() { return new byte[] {1, 2, 3}; }
        @Override public String format() { return "alien"; }
        @Override public void close() {}
    }
}
