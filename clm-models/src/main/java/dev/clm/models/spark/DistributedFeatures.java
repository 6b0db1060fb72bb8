package dev.clm.models.spark;

import static org.apache.spark.sql.functions.col;

import dev.clm.api.BarSeries;
import dev.clm.api.FeatureEngineer;
import dev.clm.api.MarketData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Features and labels computed on the executors, symbol by symbol, by the same
 * {@link FeatureEngineer} the driver uses: bars are grouped by symbol, each group becomes one
 * {@link BarSeries}, the engineer transforms it, and its rows flow on as a DataFrame. No row
 * reaches the driver; an executor holds one symbol's bars and features at a time.
 *
 * <p>Bars have the columns of the OHLCV table ({@code clm_ohlcv_bars}): {@code symbol},
 * {@code open_time} (a timestamp, or epoch milliseconds), {@code open, high, low, close, volume}.
 * Feature rows have {@code symbol, ts, label_end} (epoch ms), {@code features} (array of float,
 * in {@link FeatureEngineer#featureNames()} order) and {@code label}.
 */
public final class DistributedFeatures {
    public static final String SYMBOL = "symbol";
    public static final String TIME = "ts";
    public static final String LABEL_END = "label_end";

    private DistributedFeatures() {}

    /** OHLCV bars from Parquet files (one or more paths or directories). */
    public static Dataset<Row> parquetBars(SparkSession spark, String... paths) {
        return spark.read().parquet(paths);
    }

    /**
     * OHLCV bars from a JDBC table or view with the columns of {@code clm_ohlcv_bars}, read in
     * {@code partitions} slices of a symbol hash so executors read in parallel. {@code open_time}
     * is read as epoch milliseconds computed by the database ({@code EXTRACT(EPOCH ...)}, in
     * PostgreSQL and H2), since Spark's JDBC reader has no type for {@code TIMESTAMP WITH TIME ZONE}.
     *
     * @param table a table or view name (not user input: it becomes part of the SQL)
     */
    public static Dataset<Row> jdbcBars(SparkSession spark, String url, String table, Properties connection, int partitions) {
        if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        if (!table.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            throw new IllegalArgumentException("table '" + table + "' is not a plain (optionally schema-qualified) table name");
        }
        String bars = "(SELECT symbol, CAST(ROUND(EXTRACT(EPOCH FROM open_time) * 1000) AS BIGINT) AS open_time, open, high, low, close, volume"
                + " FROM " + table + ") bars";
        String[] predicates = new String[partitions];
        for (int i = 0; i < partitions; i++) {
            predicates[i] = partitions == 1 ? "1=1" : "MOD(ABS(" + hashSql() + "), " + partitions + ") = " + i;
        }
        return spark.read().jdbc(url, bars, predicates, connection);
    }

    /** A portable hash of the symbol for splitting a JDBC read: the length and first character. */
    private static String hashSql() {
        return "LENGTH(symbol) * 31 + ASCII(symbol)";
    }

    /** The schema of feature rows. */
    public static StructType schema() {
        return DataTypes.createStructType(List.of(
                DataTypes.createStructField(SYMBOL, DataTypes.StringType, false),
                DataTypes.createStructField(TIME, DataTypes.LongType, false),
                DataTypes.createStructField(LABEL_END, DataTypes.LongType, false),
                DataTypes.createStructField(DatasetFrames.FEATURES, DataTypes.createArrayType(DataTypes.FloatType, false), false),
                DataTypes.createStructField(DatasetFrames.LABEL, DataTypes.FloatType, false)));
    }

    /** Feature rows of {@code bars}, computed per symbol on the executors by {@code engineers}' engineer. */
    public static Dataset<Row> compute(Dataset<Row> bars, FeatureEngineerFactory engineers) {
        Dataset<Row> normalized = bars.select(col(SYMBOL), millis(bars), col("open").cast("double"), col("high").cast("double"),
                col("low").cast("double"), col("close").cast("double"), col("volume").cast("double"));
        return normalized
                .groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
                .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (symbol, rows) -> featureRows(symbol, rows, engineers.create()),
                        Encoders.row(schema()));
    }

    private static org.apache.spark.sql.Column millis(Dataset<Row> bars) {
        // column names resolve case-insensitively in Spark (a database may report OPEN_TIME)
        boolean timestamp = Arrays.stream(bars.schema().fields()).filter(f -> f.name().equalsIgnoreCase("open_time")).findFirst()
                .orElseThrow(() -> new dev.clm.api.InvalidDataException(null, -1, "open_time", "bars have no open_time column; columns: "
                        + Arrays.toString(bars.columns())))
                .dataType() instanceof org.apache.spark.sql.types.TimestampType;
        // a timestamp cast to double is epoch seconds with the fraction; milliseconds are exact in a double
        return timestamp ? org.apache.spark.sql.functions.round(col("open_time").cast("double").multiply(1000)).cast("long").as("t")
                : col("open_time").cast("long").as("t");
    }

    private static Iterator<Row> featureRows(String symbol, Iterator<Row> rows, FeatureEngineer engineer) {
        BarSeries series = series(symbol, rows);
        dev.clm.api.Dataset d = engineer.transform(new MarketData(List.of(series)));
        int cols = d.columns();
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < d.rows();
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new java.util.NoSuchElementException();
                int r = i++;
                return RowFactory.create(symbol, d.timestamps()[r], d.labelEndTimestamps()[r],
                        Arrays.copyOfRange(d.features(), r * cols, (r + 1) * cols), d.labels()[r]);
            }
        };
    }

    /** One symbol's bars in time order (a group arrives unordered). */
    private static BarSeries series(String symbol, Iterator<Row> rows) {
        List<Row> bars = new ArrayList<>();
        rows.forEachRemaining(bars::add);
        bars.sort((a, b) -> Long.compare(a.getLong(1), b.getLong(1)));
        int n = bars.size();
        long[] t = new long[n];
        double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n], v = new double[n];
        for (int i = 0; i < n; i++) {
            Row r = bars.get(i);
            t[i] = r.getLong(1);
            o[i] = r.getDouble(2);
            h[i] = r.getDouble(3);
            l[i] = r.getDouble(4);
            c[i] = r.getDouble(5);
            v[i] = r.getDouble(6);
        }
        return new BarSeries(symbol, t, o, h, l, c, v);
    }
}
