package dev.clm.models.lightgbm;

import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMException;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads LightGBM's native libraries safely and reaches the two C calls lightgbm4j does not
 * wrap (booster merge for warm start).
 *
 * <p>Why: lightgbm4j extracts its {@code .so} files to fixed names in {@code java.io.tmpdir}
 * and overwrites them on every JVM start, so concurrent JVMs can rewrite a library another
 * process has mapped (a crash) or load a half-written file. Unless the user set
 * {@code LIGHTGBM_NATIVE_LIB_PATH}, the first use points {@code java.io.tmpdir} at a fresh
 * private directory while lightgbm4j initialises, restores it, and deletes the extracted
 * files (Linux keeps a loaded library mapped). Thread-safe; loads once per JVM.
 */
final class LightGbmNative {
    private static final Logger LOG = LoggerFactory.getLogger(LightGbmNative.class);
    private static volatile boolean ready;

    private LightGbmNative() {}

    static void ensureLoaded() {
        if (ready) return;
        synchronized (LightGbmNative.class) {
            if (ready) return;
            if (System.getenv("LIGHTGBM_NATIVE_LIB_PATH") == null) {
                loadFromPrivateDirectory();
            }
            if (!LGBMBooster.isNativeLoaded()) {
                throw new ModelTrainingException(ModelType.LIGHTGBM, null, "the LightGBM native library could not be loaded"
                        + " (lightgbm4j supports linux/osx x86_64 and aarch64, windows x86_64; needs libgomp)", null);
            }
            ready = true;
        }
    }

    private static void loadFromPrivateDirectory() {
        String previous = System.getProperty("java.io.tmpdir");
        Path dir;
        try {
            dir = Files.createTempDirectory("clm-lightgbm-");
        } catch (IOException e) {
            LOG.warn("cannot create a private directory for LightGBM's natives ({}); using lightgbm4j's shared default", e.toString());
            return;
        }
        try {
            System.setProperty("java.io.tmpdir", dir.toString());
            LGBMBooster.isNativeLoaded(); // runs lightgbm4j's static initialiser, which extracts and loads
        } finally {
            System.setProperty("java.io.tmpdir", previous);
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not list {}: {}", dir, e.toString());
        }
        if (!dir.toFile().delete()) dir.toFile().deleteOnExit();
    }

    /** Appends {@code parent}'s trees before {@code booster}'s (LightGBM's GBDT::MergeFrom). */
    static void merge(LGBMBooster booster, LGBMBooster parent) {
        int rc = lightgbmlib.LGBM_BoosterMerge(handle(booster), handle(parent));
        if (rc != 0) {
            throw new ModelTrainingException(ModelType.LIGHTGBM, null, "merging the parent model failed: " + lightgbmlib.LGBM_GetLastError(), null);
        }
    }

    private static SWIGTYPE_p_void handle(LGBMBooster booster) {
        try {
            // lightgbm4j keeps the native handle private and has no merge call; read it once here.
            Field f = LGBMBooster.class.getDeclaredField("handle");
            f.setAccessible(true);
            return lightgbmlib.voidpp_value((SWIGTYPE_p_p_void) f.get(booster));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ModelTrainingException(ModelType.LIGHTGBM, null, "cannot reach the LightGBM booster handle in this lightgbm4j version", e);
        }
    }

    static ModelTrainingException error(String what, LGBMException e) {
        return new ModelTrainingException(ModelType.LIGHTGBM, null, what + ": " + e.getMessage(), e);
    }
}
