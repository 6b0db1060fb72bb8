package dev.clm.models.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One long-lived daemon thread on which every call into a native library runs.
 *
 * <p>Why: native libraries keep per-calling-thread state that is never or only partly given
 * back when that thread ends (OpenMP thread pools and arenas attached to the calling thread,
 * thread-local buffers of the C API). Measured with xgboost4j 3.4: training on a new thread
 * each time leaves about 5 MB resident per thread (5,000 x 20 rows, 100 rounds), while training
 * on the same thread each time stays flat; LightGBM 4.3 leaves about 1 MB per thread. Schedulers, executors that replace idle workers and
 * callers' own threads make "a new thread each cycle" the common case, so the calls are moved
 * to one thread that lives as long as the JVM.
 *
 * <p>Costs: calls of one library are serialised (native training already uses every core
 * through OpenMP); a hand-off of some microseconds per call (batch prediction, loading,
 * serialisation; single-row predictions are evaluated in Java and never come here). A call made
 * from the native thread itself runs directly, so nested calls cannot deadlock. Exceptions
 * thrown by the call are rethrown unchanged on the caller's thread. Thread-safe.
 */
public final class NativeThread {
    /** The thread for xgboost4j. */
    public static final NativeThread XGBOOST = new NativeThread("clm-xgboost-native");
    /** The thread for lightgbm4j. */
    public static final NativeThread LIGHTGBM = new NativeThread("clm-lightgbm-native");

    private final ExecutorService executor;
    private volatile Thread thread;

    private NativeThread(String name) {
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    /** A native call that may throw the library's checked exception. */
    @FunctionalInterface
    public interface Call<T, E extends Exception> {
        T call() throws E;
    }

    /**
     * Runs {@code call} on the native thread and returns its result; waits uninterruptibly (a
     * native call cannot be cancelled half-way), restoring the caller's interrupt flag after.
     */
    @SuppressWarnings("unchecked")
    public <T, E extends Exception> T call(Call<T, E> call) throws E {
        if (Thread.currentThread() == thread) return call.call();
        Future<T> f = executor.submit(call::call);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) throw r;
                    if (cause instanceof Error err) throw err;
                    throw (E) cause;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
