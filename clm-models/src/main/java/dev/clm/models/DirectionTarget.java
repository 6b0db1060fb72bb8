package dev.clm.models;

import dev.clm.api.Dataset;
import dev.clm.api.ModelType;
import java.util.Map;

/**
 * The direction objective of the tree trainers: the model learns P(label &gt; 0) with a logistic
 * loss ({@code binary:logistic} in XGBoost, {@code binary} in LightGBM) instead of regressing the
 * forward return, and class imbalance can be corrected with {@link TreeParams#SCALE_POS_WEIGHT}
 * (both libraries) or LightGBM's {@code is_unbalance}.
 *
 * <p>What {@code TrainedModel.predict} returns: every clm model predicts the forward return, so
 * the evaluator, the shadow tester and the engine can compare kinds. A direction model returns
 * {@code (2p - 1) * scale}, where {@code p} is the predicted probability of an up move and
 * {@code scale} the (sample-weighted) mean absolute label of the rows it was first trained on,
 * recorded in the model's provenance ({@value #SCALE_KEY}) and restored on load. The sign is the
 * predicted direction (so directional accuracy and hit rate are those of the classifier), and
 * the size grows with the model's confidence up to the typical move. Why this mapping: it needs
 * no second model, it is monotone in {@code p} and it has the label's units. An incremental
 * training keeps its parent's scale, so zero extra rounds reproduce the parent exactly. Note
 * that {@code scale_pos_weight} / {@code is_unbalance} bias {@code p} on purpose (towards the
 * minority class), so the forecast is no longer a calibrated expectation.
 *
 * <p>Early stopping of a direction model scores the validation log loss with the same class
 * weights as the training loss ({@link #classWeighted}), recorded as {@value #CLASS_WEIGHTS_KEY}.
 *
 * <p>Stateless.
 */
public final class DirectionTarget {
    /** Provenance key of the forecast scale (mean |label| of the training rows). */
    public static final String SCALE_KEY = "direction.scale";
    /** Provenance key saying what the model was trained on: {@code forward_return} or {@code direction}. */
    public static final String TARGET_KEY = "target";
    /** Provenance key of the {@code negative,positive} class weights of the loss and the early-stopping metric. */
    public static final String CLASS_WEIGHTS_KEY = "direction.class_weights";
    public static final String XGBOOST_OBJECTIVE = "binary:logistic";
    public static final String LIGHTGBM_OBJECTIVE = "binary";

    private DirectionTarget() {}

    /** Whether {@code objective} is a direction (logistic) objective of either library. */
    public static boolean isDirection(String objective) {
        return XGBOOST_OBJECTIVE.equals(objective) || LIGHTGBM_OBJECTIVE.equals(objective);
    }

    /** The direction objective's name for a tree type (for messages). */
    public static String objectiveFor(ModelType type) {
        return ModelType.LIGHTGBM.equals(type) ? LIGHTGBM_OBJECTIVE : XGBOOST_OBJECTIVE;
    }

    /** 1 where the label is above 0, else 0 (a new array). */
    public static float[] classLabels(Dataset d) {
        float[] y = d.labels();
        float[] out = new float[y.length];
        for (int i = 0; i < y.length; i++) out[i] = y[i] > 0 ? 1f : 0f;
        return out;
    }

    /** Sample-weighted mean |label| of {@code d} (0 when every label is 0). */
    public static double scale(Dataset d) {
        double sum = 0, weights = 0;
        float[] y = d.labels();
        for (int i = 0; i < y.length; i++) {
            double w = d.weight(i);
            sum += w * Math.abs(y[i]);
            weights += w;
        }
        return weights > 0 ? sum / weights : 0;
    }

    /** The forward-return forecast of a probability {@code p} of an up move. */
    public static double forecast(double p, double scale) {
        return (2 * p - 1) * scale;
    }

    /**
     * The forecast scale recorded in {@code provenance} if the model was trained on the
     * direction objective, else NaN (a regression: predictions are already returns).
     */
    public static double scaleOf(Map<String, String> provenance) {
        if (!isDirection(provenance.get("param." + TreeParams.OBJECTIVE))) return Double.NaN;
        String s = provenance.get(SCALE_KEY);
        if (s == null) {
            throw new dev.clm.api.InvalidDataException(null, -1, "model", "direction model without '" + SCALE_KEY
                    + "' in its provenance; cannot map probabilities to returns");
        }
        double v = Double.parseDouble(s);
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new dev.clm.api.InvalidDataException(null, -1, "model", "'" + SCALE_KEY + "' = " + s + "; expected a finite value >= 0");
        }
        return v;
    }

    /**
     * Weighted mean binary log loss of probabilities {@code p} on the direction of {@code d}'s
     * labels (probabilities clipped to [1e-15, 1 - 1e-15], as both libraries do).
     */
    public static double logLoss(Dataset d, double[] p) {
        double sum = 0, weights = 0;
        float[] y = d.labels();
        for (int i = 0; i < y.length; i++) {
            double q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]));
            double w = d.weight(i);
            sum += w * (y[i] > 0 ? -Math.log(q) : -Math.log(1 - q));
            weights += w;
        }
        return sum / weights;
    }

    /**
     * Class weights {@code {negative, positive}} of the training loss, as the libraries apply
     * them: positives times {@code scalePosWeight}; with {@code unbalance} (LightGBM's
     * {@code is_unbalance}) the minority class is first weighted by majority rows / minority
     * rows of {@code train} (counted by rows, as LightGBM does).
     */
    public static double[] classWeights(Dataset train, double scalePosWeight, boolean unbalance) {
        double neg = 1, pos = 1;
        if (unbalance) {
            long positives = 0;
            for (float y : train.labels()) if (y > 0) positives++;
            long negatives = train.rows() - positives;
            if (positives > 0 && negatives > 0) {
                if (positives > negatives) neg = (double) positives / negatives;
                else pos = (double) negatives / positives;
            }
        }
        return new double[] {neg, pos * scalePosWeight};
    }

    /**
     * {@code validation} with each row's sample weight times its class weight, so that early
     * stopping scores the same (class-weighted) log loss the trees minimise: scored unweighted,
     * every round that moves a rebalanced model away from the imbalanced prior looks worse and
     * early stopping undoes the rebalancing (measured: LightGBM stopped after 5 trees). Returned
     * unchanged when both class weights are 1.
     */
    public static Dataset classWeighted(Dataset validation, double[] classWeights) {
        if (classWeights[0] == 1 && classWeights[1] == 1) return validation;
        float[] w = new float[validation.rows()];
        float[] y = validation.labels();
        for (int i = 0; i < w.length; i++) w[i] = (float) (validation.weight(i) * (y[i] > 0 ? classWeights[1] : classWeights[0]));
        return validation.withWeights(w);
    }

    /** The logistic function. */
    public static double sigmoid(double margin) {
        return 1.0 / (1.0 + Math.exp(-margin));
    }
}
