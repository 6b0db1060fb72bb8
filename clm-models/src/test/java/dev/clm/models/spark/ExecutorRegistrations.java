package dev.clm.models.spark;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;

/**
 * Counts the executors the driver's scheduler has registered, for tests that need them all before
 * submitting work. Installed through {@code spark.extraListeners}, so it is on the bus before the
 * context starts and misses none (a listener added afterwards can miss the first registrations).
 * The scheduler posts the event once it can offer the executor tasks.
 */
public final class ExecutorRegistrations extends SparkListener {
    private static final Set<String> REGISTERED = ConcurrentHashMap.newKeySet();
    private static final Object LOCK = new Object();

    /** Instantiated by Spark from {@code spark.extraListeners}. */
    public ExecutorRegistrations() {}

    /** Forgets registrations of an earlier context. */
    static void reset() {
        REGISTERED.clear();
    }

    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded added) {
        REGISTERED.add(added.executorId());
        synchronized (LOCK) {
            LOCK.notifyAll();
        }
    }

    /** Waits (on the registration events, no polling) until {@code executors} have registered. */
    static void await(int executors, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (LOCK) {
            while (REGISTERED.size() < executors) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new IllegalStateException(REGISTERED.size() + " of " + executors + " executors registered within " + seconds + " s");
                }
                LOCK.wait(left);
            }
        }
    }
}
