package dev.clm.models.spark;

import org.apache.spark.sql.SparkSession;

/** One Spark {@code local[2]} session per test JVM, on the loopback address, without a UI. */
final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {}

    static synchronized SparkSession session() {
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("clm-spark-tests")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
        }
        return session;
    }

    /** Stops the local session, if any (a JVM has one SparkContext at a time; the cluster test needs its own). */
    static synchronized void stop() {
        if (session != null) session.stop();
        session = null;
    }
}
