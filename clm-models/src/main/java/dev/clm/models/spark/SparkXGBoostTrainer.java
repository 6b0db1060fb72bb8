package dev.clm.models.spark;

import static dev.clm.models.TreeParams.*;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.models.DirectionTarget;
import dev.clm.models.ModelEnvelope;
import dev.clm.api.ParamSchema;
import dev.clm.api.ResolvedParams;
import dev.clm.models.TrainingInputs;
import dev.clm.models.internal.LibraryVersions;
import dev.clm.models.xgboost.XGBoostModel;
import dev.clm.models.xgboost.XGBoostTrainer;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Trains XGBoost on a Spark cluster with xgboost4j-spark and returns the same {@link XGBoostModel}
 * (same envelope, same fast single-row predictor) as the local {@link XGBoostTrainer}: an artifact
 * trained here loads, predicts, shadows and promotes exactly like a local one.
 *
 * <p>Parameters are the local trainer's ({@link XGBoostTrainer#schema()}), so a version's recorded
 * parameters replay on either trainer. Early stopping follows the local rule (a round counts
 * only if it improves the validation RMSE strictly; the model keeps the rounds up to the best).
 * Warm start: the parent's margin is every row's base margin, the new trees are trained against
 * it on the cluster and appended to a copy of the parent, which is left untouched; a
 * continuation that does not beat the parent's validation RMSE adds no tree. Sample weights
 * weight the loss and the validation metric. The direction objective ({@code binary:logistic})
 * is not offered here: it is rejected by name.
 *
 * <p>{@code threads} is the native threads per Spark task; it may not exceed
 * {@code spark.task.cpus} (xgboost4j-spark's own rule). Left unset, it is {@code spark.task.cpus}.
 *
 * <p>Thread safety: calls may run concurrently (each is its own Spark job). Ownership: the
 * trainer closes the session on {@link #close()} only if it was built with {@link #owning}.
 */
public final class SparkXGBoostTrainer implements ModelTrainer, AutoCloseable {
    private static final ParamSchema SCHEMA = XGBoostTrainer.schema();
    private static final String LIBRARY_VERSION = LibraryVersions.of(XGBoostRegressor.class, "ml.dmlc", "xgboost4j-spark_2.12");

    private final SparkSession spark;
    private final int workers;
    private final boolean ownsSession;
    private final XGBoostTrainer local = new XGBoostTrainer();

    private SparkXGBoostTrainer(SparkSession spark, int workers, boolean ownsSession) {
        this.spark = Objects.requireNonNull(spark, "spark");
        if (workers < 1) throw new IllegalArgumentException("workers must be >= 1, was " + workers);
        this.workers = workers;
        this.ownsSession = ownsSession;
    }

    /**
     * A trainer on {@code spark} with {@code workers} XGBoost workers (one Spark task each; the
     * cluster must be able to run them at once). The session stays the caller's.
     */
    public SparkXGBoostTrainer(SparkSession spark, int workers) {
        this(spark, workers, false);
    }

    /** Like the constructor, but {@link #close()} stops {@code spark}. */
    public static SparkXGBoostTrainer owning(SparkSession spark, int workers) {
        return new SparkXGBoostTrainer(spark, workers, true);
    }

    /**
     * A trainer that starts and owns a session on {@code master} (e.g. {@code spark://host:7077} or
     * {@code local[4]}); {@link #close()} stops it. A JVM has one Spark context: if a session
     * already exists, pass it to the constructor instead.
     */
    public static SparkXGBoostTrainer forMaster(String master, int workers) {
        Objects.requireNonNull(master, "master");
        if (running(SparkSession.getDefaultSession()) || running(SparkSession.getActiveSession())) {
            throw new IllegalStateException("a SparkSession already runs in this JVM; pass it to new SparkXGBoostTrainer(session, workers)");
        }
        return owning(SparkSession.builder().master(master).appName("clm-xgboost").getOrCreate(), workers);
    }

    private static boolean running(scala.Option<SparkSession> session) {
        return session.isDefined() && !session.get().sparkContext().isStopped();
    }

    /** XGBoost workers per training. */
    public int workers() {
        return workers;
    }

    /** The session training runs on. */
    public SparkSession session() {
        return spark;
    }

    @Override
    public Set<ModelType> supportedTypes() {
        return Set.of(ModelType.XGBOOST);
    }

    @Override
    public boolean supportsSampleWeights(ModelType type) {
        return ModelType.XGBOOST.equals(type);
    }

    @Override
    public ParamSchema paramSchema(ModelType type) {
        TrainingInputs.requireType(type, ModelType.XGBOOST, "SparkXGBoostTrainer");
        return SCHEMA;
    }

    /** The local trainer's defaults, except {@code threads}: the cluster's {@code spark.task.cpus}. */
    @Override
    public Map<String, String> defaultParams(ModelType type) {
        Map<String, String> defaults = new LinkedHashMap<>(paramSchema(type).defaults());
        defaults.put(THREADS, Integer.toString(taskCpus()));
        return defaults;
    }

    private int taskCpus() {
        return spark.sparkContext().getConf().getInt("spark.task.cpus", 1);
    }

    @Override
    public TrainedModel train(ModelType type, Dataset train, Dataset validation, Map<String, String> params) {
        TrainingInputs.requireType(type, ModelType.XGBOOST, "SparkXGBoostTrainer");
        ResolvedParams p = resolve(params);
        TrainingInputs.requireTrainable(train, validation);
        return fit(null, train, validation, p, threads(params, p), p.intValue(NUM_ROUNDS));
    }

    @Override
    public TrainedModel trainIncremental(ModelType type, TrainedModel base, Dataset newData, Dataset validation,
                                         Map<String, String> params) {
        TrainingInputs.requireType(type, ModelType.XGBOOST, "SparkXGBoostTrainer");
        ResolvedParams p = resolve(params);
        XGBoostModel parent = TrainingInputs.requireBase(base, XGBoostModel.class, "an XGBoost model");
        TrainingInputs.requireModelFeatures(parent, newData, "newData");
        TrainingInputs.requireTrainable(newData, validation);
        TrainingInputs.requireBaseObjective(parent, OBJECTIVE, p.string(OBJECTIVE), "reg:squarederror");
        return fit(parent, newData, validation, p, threads(params, p), p.intValue(INCREMENTAL_ROUNDS));
    }

    @Override
    public TrainedModel load(ModelType type, byte[] bytes) {
        return local.load(type, bytes);
    }

    private static ResolvedParams resolve(Map<String, String> params) {
        ResolvedParams p = SCHEMA.resolve(params);
        if (DirectionTarget.isDirection(p.string(OBJECTIVE))) {
            throw new IllegalArgumentException("parameter '" + OBJECTIVE + "' = '" + p.string(OBJECTIVE)
                    + "': the Spark trainer trains regression objectives only; train the direction objective with XGBoostTrainer");
        }
        return p;
    }

    /** Native threads per task: as asked (at most spark.task.cpus), else spark.task.cpus. */
    private int threads(Map<String, String> requested, ResolvedParams p) {
        int taskCpus = taskCpus();
        if (requested == null || !requested.containsKey(THREADS)) return taskCpus;
        int threads = p.intValue(THREADS);
        if (threads > taskCpus) {
            throw new IllegalArgumentException("parameter '" + THREADS + "' = " + threads + " exceeds spark.task.cpus = " + taskCpus
                    + "; expected at most the cores Spark gives each task");
        }
        return threads;
    }

    private TrainedModel fit(XGBoostModel parent, Dataset train, Dataset validation, ResolvedParams p, int threads, int rounds) {
        byte[] parentUbj = parent == null ? null : ModelEnvelope.parse(parent.serialize(), XGBoostModel.FORMAT).nativeModel();
        boolean weighted = train.weights() != null || validation.weights() != null;
        Margins margins = parentUbj == null ? null : Margins.of(parentUbj, train, validation, threads);
        DatasetFrames.Framed trainFrame = DatasetFrames.frame(spark, columns(train, margins == null ? null : margins.train()), weighted, workers);
        DatasetFrames.Framed validFrame = null;
        try {
            validFrame = DatasetFrames.frame(spark, columns(validation, margins == null ? null : margins.validation()), weighted, workers);
            Map<String, String> prov = provenance(p, threads, train.rows(), validation.rows(),
                    train.timeRange().start() + "/" + train.timeRange().end(), train.columns(),
                    train.weights() != null || validation.weights() != null);
            return fitFrames(trainFrame.frame(), validFrame.frame(), train.featureNames(), p, threads, rounds, weighted,
                    parent, parentUbj, margins == null ? Double.NaN : margins.parentMetric(), prov);
        } catch (RuntimeException e) {
            throw wrap(e, train.rows() + " rows");
        } finally {
            trainFrame.release();
            if (validFrame != null) validFrame.release();
        }
    }

    /**
     * Trains from a distributed source: feature rows as {@link DistributedFeatures#compute} makes
     * them (computed on the executors; never collected), split by time at {@code validationStart}.
     * Training rows are those before it whose label is also known before it (the purge the local
     * splitter applies); validation rows are those at or after it. Full training only: a warm start
     * takes a driver-side dataset ({@link #trainIncremental}). The rows are persisted to the
     * executors' disks for the call (features computed once) and unpersisted at its end.
     *
     * @param featureNames the engineer's feature names, the order of the {@code features} arrays
     */
    public TrainedModel trainDistributed(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> featureRows, java.util.List<String> featureNames,
                                         java.time.Instant validationStart, Map<String, String> params) {
        Objects.requireNonNull(featureRows, "featureRows");
        Objects.requireNonNull(validationStart, "validationStart");
        if (featureNames == null || featureNames.isEmpty()) {
            throw new dev.clm.api.InvalidDataException(null, -1, "featureNames", "at least one feature is required");
        }
        ResolvedParams p = resolve(params);
        int threads = threads(params, p);
        long vs = validationStart.toEpochMilli();
        // computed once, kept on the executors' disks: counting, splitting and training all read it
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows = featureRows.persist(org.apache.spark.storage.StorageLevel.DISK_ONLY());
        try {
            org.apache.spark.sql.Column time = org.apache.spark.sql.functions.col(DistributedFeatures.TIME);
            org.apache.spark.sql.Column labelEnd = org.apache.spark.sql.functions.col(DistributedFeatures.LABEL_END);
            org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> train = rows.filter(time.lt(vs).and(labelEnd.lt(vs)));
            org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> validation = rows.filter(time.geq(vs));
            org.apache.spark.sql.Row stats = train.agg(org.apache.spark.sql.functions.count("*"), org.apache.spark.sql.functions.min(time),
                    org.apache.spark.sql.functions.max(time)).first();
            long trainRows = stats.getLong(0);
            long validationRows = validation.count();
            if (trainRows == 0 || validationRows == 0) {
                throw new dev.clm.api.InvalidDataException(null, -1, "rows", (trainRows == 0 ? "train" : "validation")
                        + " split is empty (validation starts at " + validationStart + "); expected rows on both sides");
            }
            String range = java.time.Instant.ofEpochMilli(stats.getLong(1)) + "/" + java.time.Instant.ofEpochMilli(stats.getLong(2));
            Map<String, String> prov = provenance(p, threads, trainRows, validationRows, range, featureNames.size(), false);
            prov.put("source", "distributed");
            return fitFrames(train, validation, featureNames, p, threads, p.intValue(NUM_ROUNDS), false, null, null, Double.NaN, prov);
        } catch (RuntimeException e) {
            throw wrap(e, "distributed rows");
        } finally {
            rows.unpersist();
        }
    }

    private RuntimeException wrap(RuntimeException e, String what) {
        if (e instanceof IllegalArgumentException || e instanceof ModelTrainingException) return e;
        return new ModelTrainingException(ModelType.XGBOOST, null, "Spark training on " + what + " (" + workers + " workers) failed: "
                + e.getMessage(), e);
    }

    private TrainedModel fitFrames(org.apache.spark.sql.Dataset<Row> trainFrame, org.apache.spark.sql.Dataset<Row> validFrame,
                                   java.util.List<String> featureNames, ResolvedParams p, int threads, int rounds, boolean weighted,
                                   XGBoostModel parent, byte[] parentUbj, double parentMetric, Map<String, String> prov) {
        XGBoostRegressor regressor = regressor(p, threads, rounds, weighted, parentUbj != null);
        regressor.setEvalDataset(validFrame);
        XGBoostRegressionModel fitted = regressor.fit(trainFrame);
        byte[] json;
        try {
            json = fitted.nativeBooster().toByteArray("json");
        } catch (XGBoostError e) {
            throw new ModelTrainingException(ModelType.XGBOOST, null, "saving the Spark-trained booster failed: " + e.getMessage(), e);
        } finally {
            fitted.nativeBooster().dispose();
        }
        float[] history = validationHistory(fitted);
        int boosted = BoosterJson.treeCount(json);
        Rounds kept = Rounds.choose(history, boosted, p.intValue(EARLY_STOPPING_ROUNDS), parentMetric);
        byte[] model = parentUbj == null ? BoosterJson.truncate(json, kept.rounds())
                : BoosterJson.append(Margins.toJson(parentUbj), json, kept.rounds());
        prov.put("trees", Integer.toString(BoosterJson.treeCount(model)));
        prov.put("validation.rmse", Double.toString(kept.metric()));
        if (parent != null) {
            prov.put("parent.trees", Integer.toString(parent.treeCount()));
            prov.put("parent.sha256", sha256(parentUbj));
            prov.put("mode", "incremental");
        } else {
            prov.put("mode", "full");
        }
        ModelEnvelope envelope = new ModelEnvelope(XGBoostModel.FORMAT, featureNames, prov, Margins.toUbj(model));
        return local.load(ModelType.XGBOOST, envelope.toBytes());
    }

    private static TrainingColumns columns(Dataset d, float[] margins) {
        return new TrainingColumns(d.columns(), d.features(), d.labels(), d.weights(), margins);
    }

    private XGBoostRegressor regressor(ResolvedParams p, int threads, int rounds, boolean weighted, boolean withMargin) {
        Map<String, Object> params = boosterParams(p, threads);
        scala.collection.immutable.Map<String, Object> scalaParams = scala.collection.immutable.Map$.MODULE$.empty();
        for (Map.Entry<String, Object> e : params.entrySet()) scalaParams = scalaParams.$plus(new Tuple2<>(e.getKey(), e.getValue()));
        XGBoostRegressor r = new XGBoostRegressor(scalaParams);
        for (String name : params.keySet()) {
            // xgboost4j-spark drops a name it does not know silently; a dropped parameter would train another model
            if (!r.hasParam(name) || !r.isSet(r.getParam(name))) {
                throw new IllegalStateException("xgboost4j-spark " + LIBRARY_VERSION + " does not take parameter '" + name + "'");
            }
        }
        r.setFeaturesCol(DatasetFrames.FEATURES);
        r.setLabelCol(DatasetFrames.LABEL);
        r.setNumWorkers(workers);
        r.setNumRound(Math.max(1, rounds));
        r.setNumEarlyStoppingRounds(p.intValue(EARLY_STOPPING_ROUNDS));
        String driverHost = spark.sparkContext().getConf().get("spark.driver.host", "");
        if (!driverHost.isEmpty()) r.setRabitTrackerHostIp(driverHost);
        if (weighted) r.setWeightCol(DatasetFrames.WEIGHT);
        if (withMargin) r.setBaseMarginCol(DatasetFrames.BASE_MARGIN);
        return r;
    }

    /** The local trainer's booster parameters for a regression objective. */
    static Map<String, Object> boosterParams(ResolvedParams p, int threads) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("booster", "gbtree");
        m.put("objective", p.string(OBJECTIVE));
        m.put("eval_metric", "rmse");
        m.put("eta", p.doubleValue(LEARNING_RATE));
        m.put("max_depth", p.intValue(MAX_DEPTH));
        m.put("subsample", p.doubleValue(SUBSAMPLE));
        m.put("colsample_bytree", p.doubleValue(COLSAMPLE_BYTREE));
        m.put("min_child_weight", p.doubleValue(MIN_CHILD_WEIGHT));
        m.put("lambda", p.doubleValue(REG_LAMBDA));
        m.put("alpha", p.doubleValue(REG_ALPHA));
        m.put("gamma", p.doubleValue(XGBoostTrainer.GAMMA));
        m.put("max_bin", p.intValue(MAX_BIN));
        m.put("tree_method", p.string(XGBoostTrainer.TREE_METHOD));
        m.put("seed", p.longValue(SEED));
        m.put("nthread", threads);
        m.put("verbosity", 0);
        return m;
    }

    private static float[] validationHistory(XGBoostRegressionModel fitted) {
        if (fitted.summary().isEmpty()) throw new IllegalStateException("xgboost4j-spark returned no training summary");
        scala.collection.Seq<Tuple2<String, float[]>> histories = fitted.summary().get().validationObjectiveHistory();
        for (int i = 0; i < histories.size(); i++) {
            if (histories.apply(i)._1().equals("eval") || histories.apply(i)._1().equals("validation")) return histories.apply(i)._2();
        }
        throw new IllegalStateException("xgboost4j-spark returned no validation history (had " + histories.size() + ")");
    }

    private Map<String, String> provenance(ResolvedParams p, int threads, long trainRows, long validationRows, String trainRange,
                                           int features, boolean weighted) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("trainer", SparkXGBoostTrainer.class.getName());
        m.put("library", "xgboost4j-spark " + LIBRARY_VERSION);
        p.asMap().forEach((k, v) -> m.put("param." + k, v));
        m.put("param." + THREADS, Integer.toString(threads));
        m.put("seed", p.string(SEED));
        m.put("rows.train", Long.toString(trainRows));
        m.put("rows.validation", Long.toString(validationRows));
        m.put("train.range", trainRange);
        m.put("features", Integer.toString(features));
        m.put(DirectionTarget.TARGET_KEY, "forward_return");
        m.put("sample_weights", weighted ? "used" : "none");
        m.put("spark.version", spark.version());
        m.put("spark.master", spark.sparkContext().master());
        m.put("spark.workers", Integer.toString(workers));
        m.put("java.version", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return m;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    @Override
    public void close() {
        if (ownsSession) spark.stop();
    }

    @Override
    public String toString() {
        return "SparkXGBoostTrainer[" + spark.sparkContext().master() + ", " + workers + " workers]";
    }

    /** The rounds a training keeps and the validation RMSE they reach. */
    record Rounds(int rounds, double metric) {
        /**
         * The local trainer's rule over the validation history of {@code boosted} rounds: a round is
         * the new best only if it improves strictly (the first round of a fresh model always
         * counts; a continuation must beat {@code parentMetric}); stop after {@code earlyStop}
         * rounds without improvement; {@code earlyStop = 0} keeps every round.
         */
        static Rounds choose(float[] history, int boosted, int earlyStop, double parentMetric) {
            if (earlyStop == 0) return new Rounds(boosted, boosted == 0 ? parentMetric : history[boosted - 1]);
            boolean warm = !Double.isNaN(parentMetric);
            double best = warm ? parentMetric : Double.POSITIVE_INFINITY;
            int bestRounds = 0;
            for (int i = 0; i < boosted; i++) {
                if (history[i] < best || (!warm && i == 0)) {
                    best = history[i];
                    bestRounds = i + 1;
                } else if (i + 1 - bestRounds >= earlyStop) {
                    break;
                }
            }
            return new Rounds(bestRounds, best);
        }
    }

    /** The parent's margins on the training and validation rows, and its validation RMSE. */
    record Margins(float[] train, float[] validation, double parentMetric) {
        static Margins of(byte[] parentUbj, Dataset train, Dataset validation, int threads) {
            Booster booster = null;
            DMatrix dtrain = null, dvalid = null;
            try {
                booster = XGBoost.loadModel(parentUbj);
                booster.setParam("nthread", threads);
                dtrain = new DMatrix(train.features(), train.rows(), train.columns(), Float.NaN);
                dvalid = new DMatrix(validation.features(), validation.rows(), validation.columns(), Float.NaN);
                dvalid.setLabel(validation.labels());
                if (validation.weights() != null) dvalid.setWeight(validation.weights());
                float[] mt = column(booster.predict(dtrain, true, 0));
                float[] mv = column(booster.predict(dvalid, true, 0));
                float[] metric = new float[1];
                booster.setParam("eval_metric", "rmse");
                booster.evalSet(new DMatrix[] {dvalid}, new String[] {"validation"}, 0, metric);
                return new Margins(mt, mv, metric[0]);
            } catch (XGBoostError | IOException e) {
                throw new ModelTrainingException(ModelType.XGBOOST, null, "computing the parent's margins failed: " + e.getMessage(), e);
            } finally {
                if (dtrain != null) dtrain.dispose();
                if (dvalid != null) dvalid.dispose();
                if (booster != null) booster.dispose();
            }
        }

        private static float[] column(float[][] p) {
            float[] out = new float[p.length];
            for (int i = 0; i < p.length; i++) out[i] = p[i][0];
            return out;
        }

        static byte[] toJson(byte[] ubj) {
            return convert(ubj, "json");
        }

        static byte[] toUbj(byte[] model) {
            return convert(model, "ubj");
        }

        private static byte[] convert(byte[] model, String format) {
            Booster b = null;
            try {
                b = XGBoost.loadModel(model);
                return b.toByteArray(format);
            } catch (XGBoostError | IOException e) {
                throw new ModelTrainingException(ModelType.XGBOOST, null, "converting the booster to " + format + " failed: " + e.getMessage(), e);
            } finally {
                if (b != null) b.dispose();
            }
        }
    }
}
