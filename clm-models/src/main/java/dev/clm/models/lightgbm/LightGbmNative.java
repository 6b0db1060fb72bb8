package dev.clm.models.lightgbm;

import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMException;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
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

    /**
     * The model string of the first {@code iterations} rounds, as {@code saveModelToString}
     * would return it (split importances). Not through that call: lightgbm4j 4.3's SWIG wrapper
     * allocates the string natively and never frees it, so every save leaked the model's size
     * (144 KB per call for a 50-tree model, measured; megabytes for full-size models). LightGBM
     * writes the same text to a file instead, read back and deleted here.
     */
    static String saveModel(LGBMBooster booster, int iterations) {
        Path file = null;
        try {
            file = Files.createTempFile("clm-lightgbm-model-", ".txt");
            int rc = lightgbmlib.LGBM_BoosterSaveModel(handle(booster), 0, iterations, lightgbmlibConstants.C_API_FEATURE_IMPORTANCE_SPLIT,
                    file.toString());
            if (rc != 0) {
                throw new ModelTrainingException(ModelType.LIGHTGBM, null, "saving the model failed: " + lightgbmlib.LGBM_GetLastError(), null);
            }
            return Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelTrainingException(ModelType.LIGHTGBM, null, "saving the model through a temporary file failed: " + e, e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warn("could not delete the temporary model file {}: {}", file, e.toString());
                }
            }
        }
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
