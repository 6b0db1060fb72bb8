package dev.clm.models.djl;

import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Process-wide DJL set-up for the neural trainers: keeps the PyTorch engine fully offline and
 * serializes training.
 *
 * <p>{@link #engine()} sets, before the engine class loads and only where the user has not
 * set them already (as system property or environment variable): {@code ai.djl.offline=true},
 * {@code OPT_OUT_TRACKING=true} (DJL reads it from the environment, then from system
 * properties), {@code DJL_CACHE_DIR=${user.home}/.cache/clm-djl} and one PyTorch
 * thread ({@code ai.djl.pytorch.num_threads=1}, {@code ai.djl.pytorch.num_interop_threads=1}). Without them engine
 * start-up tries to reach the network; with them the native library comes from the
 * {@code pytorch-native-cpu} jar and is unpacked once into the cache directory (~430 MB).
 *
 * <p>Reproducibility: a fit with a fixed seed gives the same bytes in another JVM on the same
 * machine, and on any thread of it, at the same intra-op thread count ({@link #intraOpThreads()},
 * recorded in each model's provenance); at another count PatchTST's bits differ. Other CPUs and
 * PyTorch builds are not verified (MKL and oneDNN pick kernels by instruction set).
 *
 * <p>Thread safety: all methods are thread safe. Training holds {@link #trainingLock()} because
 * the PyTorch random generator used for weight initialisation and dropout is global to the
 * process; serializing training is what makes a fixed seed reproduce the same weights.
 */
public final class DjlRuntime {
    /** The engine every clm neural model runs on. */
    public static final String ENGINE = "PyTorch";
    /** Cache directory used when neither {@code DJL_CACHE_DIR} property nor environment variable is set. */
    public static final Path DEFAULT_CACHE_DIR = Path.of(System.getProperty("user.home"), ".cache", "clm-djl");

    /** PyTorch intra-op threads (DJL system property); clm's default is 1 unless the user set it. */
    public static final String NUM_THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
    /** PyTorch inter-op threads (DJL system property); clm's default is 1 unless the user set it. */
    public static final String NUM_INTEROP_THREADS_PROPERTY = "ai.djl.pytorch.num_interop_threads";

    private static final ReentrantLock TRAINING_LOCK = new ReentrantLock(true);

    private DjlRuntime() {}

    /** Applies the offline defaults (idempotent) and returns the PyTorch engine. */
    public static Engine engine() {
        applyOfflineDefaults();
        return Holder.ENGINE_INSTANCE;
    }

    /**
     * PyTorch's intra-op thread count in this process (loads the engine). Fits are bit-identical
     * across JVMs only at the same count: it decides how PatchTST's reductions are split, so it
     * changes the rounding (measured: 1, 2 and 4 threads gave three different PatchTST weights).
     */
    public static int intraOpThreads() {
        engine();
        return ai.djl.pytorch.jni.JniUtils.getNumThreads();
    }

    /** PyTorch's inter-op thread count in this process (loads the engine); it did not change any fit's bytes. */
    public static int interOpThreads() {
        engine();
        return ai.djl.pytorch.jni.JniUtils.getNumInteropThreads();
    }

    /** Held while a model trains: the engine's random generator is process-global. */
    public static ReentrantLock trainingLock() {
        return TRAINING_LOCK;
    }

    /**
     * Sets the offline system properties unless the user already chose a value (as property
     * or environment variable). Safe to call many times; effective only before the engine loads.
     */
    public static synchronized void applyOfflineDefaults() {
        setIfAbsent("ai.djl.offline", "DJL_OFFLINE", "true");
        setIfAbsent("OPT_OUT_TRACKING", "OPT_OUT_TRACKING", "true");
        setIfAbsent("DJL_CACHE_DIR", "DJL_CACHE_DIR", DEFAULT_CACHE_DIR.toString());
        // One intra-op thread: the networks are small, and PyTorch's OpenMP workers spin-wait,
        // which on a shared or busy machine made 2 threads 15x slower than 1 (measured here).
        setIfAbsent(NUM_THREADS_PROPERTY, NUM_THREADS_PROPERTY, "1");
        setIfAbsent(NUM_INTEROP_THREADS_PROPERTY, NUM_INTEROP_THREADS_PROPERTY, "1");
    }

    private static void setIfAbsent(String property, String env, String value) {
        if (System.getProperty(property) != null) return;
        if (System.getenv(env) != null) return;
        System.setProperty(property, value);
    }

    /** Loads the engine lazily, after {@link #applyOfflineDefaults()} ran. */
    private static final class Holder {
        static final Engine ENGINE_INSTANCE;

        static {
            applyOfflineDefaults();
            ENGINE_INSTANCE = Engine.getEngine(ENGINE);
        }
    }
}
