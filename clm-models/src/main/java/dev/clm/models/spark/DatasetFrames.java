package dev.clm.models.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns a driver-side clm dataset into a Spark DataFrame for xgboost4j-spark without building a
 * row list on the driver: the arrays are broadcast once and each partition materialises its own
 * contiguous slice of rows. One partition per XGBoost worker, in row order, so xgboost4j-spark
 * does not repartition (a shuffle would reorder rows, and row order drives row subsampling).
 */
final class DatasetFrames {
    static final String FEATURES = "features";
    static final String LABEL = "label";
    static final String WEIGHT = "weight";
    static final String BASE_MARGIN = "base_margin";

    private DatasetFrames() {}

    /** The columns of a training frame (weight and base margin only when asked for). */
    static StructType schema(boolean weighted, boolean withMargin) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(FEATURES, DataTypes.createArrayType(DataTypes.FloatType, false), false));
        fields.add(DataTypes.createStructField(LABEL, DataTypes.FloatType, false));
        if (weighted) fields.add(DataTypes.createStructField(WEIGHT, DataTypes.FloatType, false));
        if (withMargin) fields.add(DataTypes.createStructField(BASE_MARGIN, DataTypes.FloatType, false));
        return DataTypes.createStructType(fields);
    }

    /**
     * A frame of {@code columns}' rows in {@code partitions} contiguous slices. {@code weighted}:
     * add a weight column (1 where the dataset has no weights). The returned broadcast must be
     * destroyed by the caller once training is over.
     */
    static Framed frame(SparkSession spark, TrainingColumns columns, boolean weighted, int partitions) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<TrainingColumns> shared = jsc.broadcast(columns);
        int rows = columns.rows();
        List<int[]> slices = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++) {
            slices.add(new int[] {(int) ((long) rows * i / partitions), (int) ((long) rows * (i + 1) / partitions)});
        }
        boolean withMargin = columns.baseMargins() != null;
        JavaRDD<Row> rdd = jsc.parallelize(slices, partitions)
                .mapPartitions(it -> rowsOf(shared.value(), it, weighted));
        return new Framed(spark.createDataFrame(rdd, schema(weighted, withMargin)), shared);
    }

    private static Iterator<Row> rowsOf(TrainingColumns c, Iterator<int[]> slices, boolean weighted) {
        List<int[]> ranges = new ArrayList<>();
        slices.forEachRemaining(ranges::add);
        return new Iterator<>() {
            private int range;
            private int row = ranges.isEmpty() ? 0 : ranges.get(0)[0];

            @Override
            public boolean hasNext() {
                while (range < ranges.size() && row >= ranges.get(range)[1]) {
                    range++;
                    if (range < ranges.size()) row = ranges.get(range)[0];
                }
                return range < ranges.size();
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                int i = row++;
                int cols = c.columns();
                float[] x = Arrays.copyOfRange(c.features(), i * cols, (i + 1) * cols);
                Object[] values = new Object[2 + (weighted ? 1 : 0) + (c.baseMargins() != null ? 1 : 0)];
                int k = 0;
                values[k++] = x;
                values[k++] = c.labels()[i];
                if (weighted) values[k++] = c.weights() == null ? 1f : c.weights()[i];
                if (c.baseMargins() != null) values[k] = c.baseMargins()[i];
                return RowFactory.create(values);
            }
        };
    }

    /** A frame and the broadcast it reads; {@link #release()} frees the broadcast on every executor. */
    record Framed(Dataset<Row> frame, Broadcast<TrainingColumns> shared) {
        void release() {
            shared.destroy();
        }
    }
}
