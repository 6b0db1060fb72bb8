package dev.clm.api;

/** Scores models on held-out rows. Implementations are stateless and thread-safe. */
public interface ModelEvaluator {

    /** Scores {@code model} on every row of {@code data}. */
    default EvaluationResult evaluate(TrainedModel model, Dataset data) {
        return evaluatePredictions(model.predict(data), data);
    }

    /** Scores given predictions (one per row of {@code data}) against its labels. */
    EvaluationResult evaluatePredictions(double[] predictions, Dataset data);

    /** {@code candidate} with its comparison to {@code active} (both on the same rows) attached. */
    EvaluationResult compareToActive(EvaluationResult candidate, EvaluationResult active);
}
