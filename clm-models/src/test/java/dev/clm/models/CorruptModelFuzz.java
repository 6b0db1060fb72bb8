package dev.clm.models;

import dev.clm.api.CorruptModelException;
import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.TrainedModel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Corrupted-bytes fuzz, meant to run in its own JVM (a crash must not take the test runner
 * down): trains small XGBoost and LightGBM models (regression and direction), then loads
 * mutants of their serialized bytes whose envelope is intact but whose native part is damaged
 * — byte flips, truncations, splices (a chunk copied over another place, or inserted, or cut
 * out) — and predicts a probe row and a batch with every mutant that loads.
 *
 * <p>Each mutant must either load and predict finite values, or be refused with
 * {@link CorruptModelException}. Anything else (another exception) is counted as unexpected;
 * a native crash kills this JVM. Prints one summary line per model and
 * {@code FUZZ RESULT loaded=.. refused=.. unexpected=..}; exits 0 only if nothing was unexpected
 * and every native handle (booster, DMatrix, dataset) opened during the run was freed.
 *
 * <p>Arguments ({@code key=value}): {@code mutants=200} per model, {@code seed=1}.
 */
public final class CorruptModelFuzz {
    private CorruptModelFuzz() {}

    public static void main(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int mutants = Integer.parseInt(a.getOrDefault("mutants", "200"));
        long seed = Long.parseLong(a.getOrDefault("seed", "1"));
        Dataset all = SyntheticMarket.planted(1_500, 6, 11);
        Dataset train = all.slice(0, 1_000), validation = all.slice(1_000, 1_250), probe = all.slice(1_250, 1_500);
        long loaded = 0, refused = 0, unexpected = 0;
        for (TreeKind kind : TreeKind.values()) {
            for (String objective : new String[] {"regression", "direction"}) {
                Map<String, String> params = new LinkedHashMap<>(Map.of("num_rounds", "12", "max_depth", "3", "learning_rate", "0.3",
                        "early_stopping_rounds", "0", "threads", "1"));
                if (objective.equals("direction")) params.put("objective", kind == TreeKind.XGBOOST ? "binary:logistic" : "binary");
                ModelTrainer trainer = kind.trainer();
                byte[] bytes;
                try (TrainedModel m = trainer.train(kind.type, train, validation, params)) {
                    bytes = m.serialize();
                }
                ModelEnvelope env = ModelEnvelope.parse(bytes, kind == TreeKind.XGBOOST ? "xgboost-ubj" : "lightgbm-text");
                SplittableRandom rnd = new SplittableRandom(seed * 31 + kind.ordinal() * 7 + objective.length());
                long[] counts = new long[3];
                for (int i = 0; i < mutants; i++) {
                    byte[] nat = mutate(env.nativeModel(), rnd, i);
                    byte[] mutant = new ModelEnvelope(env.format(), env.featureNames(), env.provenance(), nat).toBytes();
                    counts[outcome(trainer, kind, mutant, probe, i)]++;
                }
                System.out.printf("%s %s: %d mutants, loaded and predicted finite %d, refused %d, unexpected %d%n", kind, objective, mutants,
                        counts[0], counts[1], counts[2]);
                loaded += counts[0];
                refused += counts[1];
                unexpected += counts[2];
            }
        }
        int neural = Integer.parseInt(a.getOrDefault("neural", "0"));
        if (neural > 0) {
            long[] counts = neuralMutants(neural, seed);
            loaded += counts[0];
            refused += counts[1];
            unexpected += counts[2];
        }
        for (String handle : new String[] {"xgboost.booster", "xgboost.dmatrix", "lightgbm.booster", "lightgbm.dataset"}) {
            long live = dev.clm.models.internal.NativeHandles.live(handle);
            if (live != 0) {
                System.out.println("UNEXPECTED: " + live + " " + handle + " handles still open after the run");
                unexpected++;
            }
        }
        System.out.printf("FUZZ RESULT loaded=%d refused=%d unexpected=%d%n", loaded, refused, unexpected);
        System.exit(unexpected == 0 ? 0 : 2);
    }

    /**
     * N-HiTS mutants (anywhere in its envelope: header, hyper-parameters, DJL weights). Its loader
     * parses the whole envelope in Java and DJL checks the weights' framing, so the accepted
     * refusal is its typed {@link dev.clm.api.ModelTrainingException}.
     */
    private static long[] neuralMutants(int mutants, long seed) {
        dev.clm.api.ModelTrainer trainer = new dev.clm.models.nhits.NHitsTrainer();
        Dataset all = dev.clm.models.djl.ReturnSeriesDatasets.planted(900, 32, 3, 1_700_000_000_000L);
        Dataset train = all.slice(0, 600), validation = all.slice(600, 750), probe = all.slice(750, 900);
        Map<String, String> params = Map.of("input_size", "32", "horizon", "12", "hidden_size", "16", "pool_kernel_sizes", "4,2,1",
                "freq_downsample", "6,3,1", "epochs", "1", "batch_size", "64");
        byte[] bytes;
        try (TrainedModel m = trainer.train(dev.clm.api.ModelType.NHITS, train, validation, params)) {
            bytes = m.serialize();
        }
        SplittableRandom rnd = new SplittableRandom(seed * 17 + 3);
        long[] counts = new long[3];
        for (int i = 0; i < mutants; i++) {
            byte[] mutant = mutate(bytes, rnd, i);
            TrainedModel m;
            try {
                m = trainer.load(dev.clm.api.ModelType.NHITS, mutant);
            } catch (dev.clm.api.ModelTrainingException e) {
                counts[1]++;
                continue;
            } catch (Throwable e) {
                System.out.println("UNEXPECTED on load of N-HiTS mutant " + i + ": " + e);
                counts[2]++;
                continue;
            }
            try (m) {
                double one = m.predict(probe.row(0, new float[probe.columns()]));
                boolean finite = Double.isFinite(one);
                for (double v : m.predict(probe)) finite &= Double.isFinite(v);
                counts[finite ? 0 : 2]++;
                if (!finite) System.out.println("UNEXPECTED non-finite prediction from N-HiTS mutant " + i);
            } catch (dev.clm.api.ModelTrainingException e) {
                counts[1]++; // refused at the probe prediction, typed
            } catch (Throwable e) {
                System.out.println("UNEXPECTED on predict with N-HiTS mutant " + i + ": " + e);
                counts[2]++;
            }
        }
        System.out.printf("NHITS: %d mutants, loaded and predicted finite %d, refused %d, unexpected %d%n", mutants, counts[0], counts[1],
                counts[2]);
        return counts;
    }

    /** 0 loaded and predicted finite values, 1 refused with CorruptModelException, 2 anything else. */
    private static int outcome(ModelTrainer trainer, TreeKind kind, byte[] mutant, Dataset probe, int index) {
        TrainedModel m;
        try {
            m = trainer.load(kind.type, mutant);
        } catch (CorruptModelException e) {
            return 1;
        } catch (Throwable e) {
            System.out.println("UNEXPECTED on load of mutant " + index + " (" + kind + "): " + e);
            return 2;
        }
        try (m) {
            double one = m.predict(probe.row(0, new float[probe.columns()]));
            double[] batch = m.predict(probe);
            boolean finite = Double.isFinite(one);
            for (double v : batch) finite &= Double.isFinite(v);
            if (!finite) {
                System.out.println("UNEXPECTED non-finite prediction from mutant " + index + " (" + kind + ")");
                return 2;
            }
            return 0;
        } catch (Throwable e) {
            System.out.println("UNEXPECTED on predict with mutant " + index + " (" + kind + "): " + e);
            return 2;
        }
    }

    /** One damaged copy: flips, a truncation, or a splice, chosen by {@code i} so every kind is covered. */
    static byte[] mutate(byte[] src, SplittableRandom rnd, int i) {
        int n = src.length;
        switch (i % 5) {
            case 0: { // flip 1..8 random bits
                byte[] b = src.clone();
                int flips = 1 + rnd.nextInt(8);
                for (int k = 0; k < flips; k++) b[rnd.nextInt(n)] ^= (byte) (1 << rnd.nextInt(8));
                return b;
            }
            case 1: { // overwrite 1..4 random bytes with random values (digits for a text model matter most)
                byte[] b = src.clone();
                int k = 1 + rnd.nextInt(4);
                for (int j = 0; j < k; j++) b[rnd.nextInt(n)] = (byte) (rnd.nextBoolean() ? '0' + rnd.nextInt(10) : rnd.nextInt(256));
                return b;
            }
            case 2: // truncate anywhere
                return Arrays.copyOf(src, 1 + rnd.nextInt(n - 1));
            case 3: { // copy a chunk over another place
                byte[] b = src.clone();
                int len = 1 + rnd.nextInt(Math.min(64, n / 2));
                System.arraycopy(src, rnd.nextInt(n - len), b, rnd.nextInt(n - len), len);
                return b;
            }
            default: { // insert a duplicated chunk, or cut one out
                int len = 1 + rnd.nextInt(Math.min(64, n / 2));
                int from = rnd.nextInt(n - len), at = rnd.nextInt(n - len);
                if (rnd.nextBoolean()) {
                    byte[] b = new byte[n + len];
                    System.arraycopy(src, 0, b, 0, at);
                    System.arraycopy(src, from, b, at, len);
                    System.arraycopy(src, at, b, at + len, n - at);
                    return b;
                }
                byte[] b = new byte[n - len];
                System.arraycopy(src, 0, b, 0, at);
                System.arraycopy(src, at + len, b, at, n - at - len);
                return b;
            }
        }
    }
}
