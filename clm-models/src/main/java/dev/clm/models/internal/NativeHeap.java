package dev.clm.models.internal;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns memory the native libraries have freed to the operating system, after training.
 *
 * <p>Why: XGBoost and LightGBM allocate their training buffers (histograms, gradient and
 * partition arrays, the quantised matrix) with glibc's malloc from whichever thread trains, and
 * OpenMP worker threads allocate too. glibc gives threads their own arenas (up to 8 per core)
 * and returns an arena's freed pages to the system only when they sit at its top, so after each
 * training the freed buffers stay resident, scattered over many arenas, and two libraries
 * with different allocation sizes keep fragmenting them further: resident memory climbs cycle
 * after cycle although every handle is freed. {@code malloc_trim(0)} hands every free page of
 * every arena back. Java 17.0.9+ exposes it as the diagnostic command
 * {@code System.trim_native_heap}, called here through its MBean, so no JNI and no flag is
 * needed. On other platforms (no glibc, older JVMs) the command is missing and this does nothing.
 *
 * <p>Cost: one pass over the allocator's free lists, milliseconds, at most once per
 * {@link #MIN_INTERVAL_NANOS} (training a model takes far longer). Disable with
 * {@code -Dclm.native.trim=false}. Thread-safe.
 */
public final class NativeHeap {
    /** Trims closer together than this are skipped: a burst of closes needs one trim. */
    public static final long MIN_INTERVAL_NANOS = 1_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(NativeHeap.class);
    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("clm.native.trim"));
    private static final AtomicLong LAST = new AtomicLong(System.nanoTime() - MIN_INTERVAL_NANOS);
    private static volatile boolean available = ENABLED;

    private NativeHeap() {}

    /** Asks the C allocator to return freed pages to the system (after native training or freeing models). */
    public static void trimAfterNativeWork() {
        if (!available) return;
        long now = System.nanoTime();
        long last = LAST.get();
        if (now - last < MIN_INTERVAL_NANOS || !LAST.compareAndSet(last, now)) return;
        trimNow();
    }

    /** Trims now, whatever the interval; returns false if the JVM or platform cannot. */
    public static boolean trimNow() {
        if (!available) return false;
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "systemTrimNativeHeap", new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return true;
        } catch (Exception | LinkageError e) {
            available = false;
            LOG.debug("native heap trimming is not available on this JVM/platform ({}); freed native memory stays with the allocator",
                    e.toString());
            return false;
        }
    }
}
