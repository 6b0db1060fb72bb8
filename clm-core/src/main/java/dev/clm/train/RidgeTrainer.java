package dev.clm.train;

import dev.clm.api.LabelKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import dev.clm.api.ParamSchema;
import dev.clm.api.TrainedModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ridge regression of the forward return on standardised features: a small, honest,
 * pure-Java trainer so clm runs with no native library. The penalty is chosen on the
 * validation split from a grid ({@code lambda=auto}, the default) or fixed.
 *
 * <p>INCREMENTAL training shrinks towards the base model's weights instead of towards zero
 * ({@code min ||y - Xw||^2 + lambda n ||w - w_base||^2}, keeping the base's standardisation),
 * so the new model starts from the parent and moves only as far as the new rows justify.
 *
 * <p>Sample weights ({@link Dataset#weights()}): weighted least squares. The standardisation
 * (means, standard deviations), the centring, the normal equations and the validation MSE
 * that picks the penalty are all weighted, and the penalty scales with the sum of the weights
 * instead of the row count ({@code lambda * sum(w)}), so unit weights give exactly the
 * unweighted fit and a row of weight 0 has no influence at all (the fit equals the fit
 * without that row).
 *
 * <p>Thread-safe (no state).
 */
public final class RidgeTrainer implements ModelTrainer {
    /** The model type this trainer registers under. */
    public static final ModelType RIDGE = ModelType.of("ridge");
    /** Penalties tried by {@code lambda=auto}, relative to the number of rows. */
    static final double[] LAMBDA_GRID = {1e-4, 1e-3, 1e-2, 1e-1, 1, 10};
    /** The penalty: {@code auto} (chosen from {@link #LAMBDA_GRID} on the validation split) or a fixed value. */
    static final String LAMBDA = "lambda";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelType type;
    private final ParamSchema schema;

    public RidgeTrainer() {
        this(RIDGE);
    }

    /** A ridge trainer registered under another type name (for example to stand in for a missing kind in tests). */
    public RidgeTrainer(ModelType type) {
        this.type = type;
        this.schema = schemaFor(type);
    }

    @Override
    public Set<ModelType> supportedTypes() {
        return Set.of(type);
    }

    /** True: weighted least squares (see the class comment). */
    @Override
    public boolean supportsSampleWeights(ModelType t) {
        return type.equals(t);
    }

    @Override
    public ParamSchema paramSchema(ModelType t) {
        requireType(t);
        return schema;
    }

    private static ParamSchema schemaFor(ModelType t) {
        return ParamSchema.builder(t)
                .add(new ParamSchema.Param(LAMBDA, ParamSchema.Kind.DOUBLE, "auto", ParamSchema.Range.atLeast(0), Set.of("auto"), null,
                        "L2 penalty relative to the number of rows; auto picks it from " + java.util.Arrays.toString(LAMBDA_GRID)
                                + " on the validation split"))
                .build();
    }

    @Override
    public TrainedModel train(ModelType t, Dataset train, Dataset validation, Map<String, String> params) {
        LabelKind.requireSupported("RidgeTrainer", LabelKind.all(), train, validation); // regression on any numeric label
        requireType(t);
        String lambda = paramSchema(t).resolve(params).string(LAMBDA);
        checkData(train, validation);
        double[] mean = new double[train.columns()];
        double[] std = new double[train.columns()];
        standardisation(train, mean, std);
        Normal eq = Normal.of(train, mean, std);
        double[] zero = new double[train.columns()];
        double chosen;
        double[][] fit;
        if (lambda.equals("auto")) {
            chosen = Double.NaN;
            fit = null;
            double best = Double.POSITIVE_INFINITY;
            for (double l : LAMBDA_GRID) {
                double[][] f = eq.solve(l, zero);
                double mse = mse(validation, mean, std, f[0], f[1][0]);
                if (mse < best) {
                    best = mse;
                    chosen = l;
                    fit = f;
                }
            }
        } else {
            chosen = Double.parseDouble(lambda);
            fit = eq.solve(chosen, zero);
        }
        return new RidgeModel(t, train.featureNames(), mean, std, fit[0], fit[1][0],
                provenance(lambda, chosen, train, null));
    }

    @Override
    public TrainedModel trainIncremental(ModelType t, TrainedModel base, Dataset newData, Dataset validation,
                                         Map<String, String> params) {
        LabelKind.requireSupported("RidgeTrainer", LabelKind.all(), newData, validation);
        requireType(t);
        if (!(base instanceof RidgeModel parent)) {
            throw new ModelTrainingException(t, "incremental training needs a ridge base model, got " + base.getClass().getName());
        }
        String lambda = paramSchema(t).resolve(params).string(LAMBDA);
        checkData(newData, validation);
        if (!newData.featureNames().equals(parent.featureNames())) {
            throw new InvalidDataException(null, -1, "featureNames", "new data features " + newData.featureNames()
                    + " differ from the base model's " + parent.featureNames());
        }
        double[] mean = parent.mean();
        double[] std = parent.std();
        double l = lambda.equals("auto") ? 1.0 : Double.parseDouble(lambda);
        double[][] fit = Normal.of(newData, mean, std).solve(l, parent.weights());
        return new RidgeModel(t, parent.featureNames(), mean, std, fit[0], fit[1][0],
                provenance(lambda, l, newData, Integer.toHexString(java.util.Arrays.hashCode(parent.weights()))));
    }

    @Override
    public TrainedModel load(ModelType t, byte[] bytes) {
        requireType(t);
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || !RidgeModel.FORMAT.equals(root.path("format").asText())) {
                throw new ModelTrainingException(t, null, "bytes are not a " + RidgeModel.FORMAT + " model", null);
            }
            List<String> names = new ArrayList<>();
            root.get("features").forEach(n -> names.add(n.asText()));
            Map<String, String> prov = new HashMap<>();
            root.path("provenance").fields().forEachRemaining(e -> prov.put(e.getKey(), e.getValue().asText()));
            return new RidgeModel(t, names, doubles(root.get("mean")), doubles(root.get("std")), doubles(root.get("weights")),
                    root.get("intercept").asDouble(), prov);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ModelTrainingException m) throw m;
            throw new ModelTrainingException(t, null, "cannot load ridge model: " + e.getMessage(), e);
        }
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asDouble();
        return out;
    }

    private void requireType(ModelType t) {
        if (!type.equals(t)) throw new ModelTrainingException(t, "RidgeTrainer supports only model type " + type + ", not " + t);
    }

    private static void checkData(Dataset train, Dataset validation) {
        if (train.rows() < 2) throw new InvalidDataException(null, -1, "train", "training split has " + train.rows() + " rows; expected at least 2");
        if (validation.rows() < 1) throw new InvalidDataException(null, -1, "validation", "validation split is empty; expected at least 1 row");
        if (!train.featureNames().equals(validation.featureNames())) {
            throw new InvalidDataException(null, -1, "featureNames", "validation features " + validation.featureNames()
                    + " differ from training features " + train.featureNames());
        }
        train.requireFiniteLabels("training split");
        validation.requireFiniteLabels("validation split");
        train.requireUsableWeights("training split");
        validation.requireUsableWeights("validation split");
    }

    private static Map<String, String> provenance(String lambdaParam, double chosen, Dataset train, String parentHash) {
        int rows = train.rows();
        Map<String, String> p = new HashMap<>();
        p.put("trainer", RidgeTrainer.class.getName());
        p.put("lambda_param", lambdaParam);
        p.put("lambda", Double.toString(chosen));
        p.put("rows", Integer.toString(rows));
        if (parentHash != null) p.put("parent_weights_hash", parentHash);
        p.put("sample_weights", train.weights() != null ? "used" : "none");
        p.put("java_version", System.getProperty("java.version"));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return p;
    }

    /** Sum of the row weights (the row count when unweighted). */
    private static double weightSum(Dataset d) {
        if (d.weights() == null) return d.rows();
        double s = 0;
        for (float w : d.weights()) s += w;
        return s;
    }

    /** Weighted means and standard deviations of the columns (a weight-0 row contributes exactly nothing). */
    private static void standardisation(Dataset d, double[] mean, double[] std) {
        int n = d.rows(), p = d.columns();
        float[] x = d.features();
        double sw = weightSum(d);
        for (int i = 0; i < n; i++) {
            double w = d.weight(i);
            if (w == 0) continue;
            for (int j = 0; j < p; j++) mean[j] += w * x[i * p + j];
        }
        for (int j = 0; j < p; j++) mean[j] /= sw;
        for (int i = 0; i < n; i++) {
            double w = d.weight(i);
            if (w == 0) continue;
            for (int j = 0; j < p; j++) {
                double c = x[i * p + j] - mean[j];
                std[j] += w * c * c;
            }
        }
        for (int j = 0; j < p; j++) {
            std[j] = Math.sqrt(std[j] / sw);
            if (!(std[j] > 1e-12)) std[j] = 1; // constant column: its weight is shrunk to the prior
        }
    }

    private static double mse(Dataset d, double[] mean, double[] std, double[] w, double b) {
        int n = d.rows(), p = d.columns();
        float[] x = d.features();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double rw = d.weight(i);
            if (rw == 0) continue;
            double pred = b;
            for (int j = 0; j < p; j++) pred += w[j] * ((x[i * p + j] - mean[j]) / std[j]);
            double e = pred - d.labels()[i];
            s += rw * e * e;
        }
        return s / weightSum(d);
    }

    /** Weighted normal equations of the centred, standardised problem ({@code n} is the weight sum). */
    private static final class Normal {
        final double[][] xtx;
        final double[] xty;
        final double yMean;
        final double n;

        private Normal(double[][] xtx, double[] xty, double yMean, double n) {
            this.xtx = xtx;
            this.xty = xty;
            this.yMean = yMean;
            this.n = n;
        }

        static Normal of(Dataset d, double[] mean, double[] std) {
            int n = d.rows(), p = d.columns();
            float[] x = d.features();
            float[] y = d.labels();
            double sw = weightSum(d);
            double yMean = 0;
            for (int i = 0; i < n; i++) yMean += d.weight(i) * (double) y[i];
            yMean /= sw;
            double[] colMean = new double[p];
            double[] z = new double[p];
            for (int i = 0; i < n; i++) {
                double w = d.weight(i);
                if (w == 0) continue;
                for (int j = 0; j < p; j++) colMean[j] += w * ((x[i * p + j] - mean[j]) / std[j]);
            }
            for (int j = 0; j < p; j++) colMean[j] /= sw;
            double[][] xtx = new double[p][p];
            double[] xty = new double[p];
            for (int i = 0; i < n; i++) {
                double w = d.weight(i);
                if (w == 0) continue; // exactly no influence (and NaN-free: 0 * anything is skipped)
                for (int j = 0; j < p; j++) z[j] = (x[i * p + j] - mean[j]) / std[j] - colMean[j];
                double yc = y[i] - yMean;
                for (int j = 0; j < p; j++) {
                    double wzj = w * z[j];
                    xty[j] += wzj * yc;
                    for (int k = 0; k <= j; k++) xtx[j][k] += wzj * z[k];
                }
            }
            for (int j = 0; j < p; j++) for (int k = 0; k < j; k++) xtx[k][j] = xtx[j][k];
            Normal eq = new Normal(xtx, xty, yMean, sw);
            eq.colMean = colMean;
            return eq;
        }

        double[] colMean;

        /** Weights and intercept for penalty {@code lambda * n} towards {@code prior}: {w, {b}}. */
        double[][] solve(double lambda, double[] prior) {
            int p = xty.length;
            double[][] a = new double[p][p];
            double[] rhs = new double[p];
            double pen = lambda * n;
            for (int j = 0; j < p; j++) {
                System.arraycopy(xtx[j], 0, a[j], 0, p);
                a[j][j] += pen + 1e-9 * n;
                rhs[j] = xty[j] + pen * prior[j];
            }
            double[] w = Cholesky.solve(a, rhs);
            double b = yMean;
            for (int j = 0; j < p; j++) b -= w[j] * colMean[j];
            return new double[][] {w, {b}};
        }
    }
}
