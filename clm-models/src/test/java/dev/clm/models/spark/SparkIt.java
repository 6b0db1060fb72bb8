package dev.clm.models.spark;

/** Whether the multi-JVM Spark integration tests run: {@code -Dclm.spark.it=true} or {@code CLM_SPARK_IT=true} (.ci/run sets it). */
final class SparkIt {
    private SparkIt() {}

    static boolean enabled() {
        return "true".equalsIgnoreCase(System.getProperty("clm.spark.it")) || "true".equalsIgnoreCase(System.getenv("CLM_SPARK_IT"));
    }
}
