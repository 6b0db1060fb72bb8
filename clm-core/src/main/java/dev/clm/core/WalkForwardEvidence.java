package dev.clm.core;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows a candidate is judged on and its forecasts for them: the test rows of every
 * walk-forward fold from {@code evaluateFromMillis} on (the day after the ACTIVE version's data
 * ended, so neither model has seen them), each earlier fold forecast by a refit of the
 * candidate's type on the rows before it, the newest fold by the candidate.
 *
 * <p>Why refits: one test split of ~2 weeks holds ~25 independent 12-hour labels, too few to tell
 * a real edge from luck; the folds before it multiply the evidence for the same training
 * procedure, and each refit sees nothing after its fold starts. Refits use FULL training with
 * the candidate's parameters, also when the candidate itself continued the ACTIVE version (a
 * warm start from a model trained on later rows would leak into earlier folds). A refit that
 * fails forecasts zero on its fold (no model, stay flat) and the reason is kept as a note; a type
 * whose trainer cannot refit on the past ({@link ModelTrainer#supportsWalkForward}) is judged on
 * the newest fold alone.
 */
final class WalkForwardEvidence {
    private static final Logger LOG = LoggerFactory.getLogger(WalkForwardEvidence.class);

    /** The evidence rows, the forecaster over them and what a person should know. */
    record Built(Dataset rows, WalkForwardForecaster forecaster, List<String> notes) {}

    private WalkForwardEvidence() {}

    /**
     * Builds the evidence; an empty {@code rows} means no fold row lies after {@code evaluateFromMillis}.
     * Each refit forecasts its fold once and is closed at once; fatal errors ({@link CycleErrors#isFatal})
     * propagate, as does a failure of the candidate's own forecast.
     */
    static Built build(ModelTrainer trainer, ModelType type, Map<String, String> params, DatasetSplitter.WalkForward wf,
                       TrainedModel candidate, long evaluateFromMillis) {
        List<String> notes = new ArrayList<>();
        List<DatasetSplitter.Split> earlier = wf.earlier();
        if (!earlier.isEmpty() && !trainer.supportsWalkForward(type)) {
            notes.add(type + " cannot be refitted on past rows (its trainer says so, e.g. an ensemble of ACTIVE members); judged on the "
                    + "test split alone");
            earlier = List.of();
        }
        if (earlier.size() + 1 < wf.requested() && trainer.supportsWalkForward(type)) {
            notes.add((earlier.size() + 1) + " of " + wf.requested() + " walk-forward folds used: older folds leave too few rows to train on");
        }
        Dataset rows = wf.last().test().slice(0, 0);
        double[] forecasts = new double[0];
        int folds = 0;
        for (DatasetSplitter.Split fold : earlier) {
            Dataset test = rowsFrom(fold.test(), evaluateFromMillis);
            if (test.rows() == 0) continue;
            rows = rows.append(test);
            forecasts = concat(forecasts, refitForecasts(trainer, type, params, fold, test, notes));
            folds++;
        }
        Dataset test = rowsFrom(wf.last().test(), evaluateFromMillis);
        if (test.rows() > 0) {
            rows = rows.append(test);
            forecasts = concat(forecasts, candidate.predict(test));
            folds++;
        }
        return new Built(rows, new WalkForwardForecaster(candidate, rows, forecasts, folds), notes);
    }

    /** The refit's forecasts of its fold's {@code test} rows; zeros (stay flat) with a note if training or forecasting failed. */
    private static double[] refitForecasts(ModelTrainer trainer, ModelType type, Map<String, String> params, DatasetSplitter.Split fold,
                                           Dataset test, List<String> notes) {
        try (TrainedModel refit = trainer.train(type, fold.train(), fold.validation(), params)) {
            return refit.predict(test);
        } catch (Throwable e) {
            if (CycleErrors.isFatal(e)) throw CycleErrors.rethrow(e);
            String from = Instant.ofEpochMilli(fold.test().timestamps()[0]).toString();
            String note = "walk-forward refit for the fold from " + from + " failed (" + CycleErrors.describe(e)
                    + "); that fold is forecast as zero";
            LOG.info("{}: {}", type, note);
            notes.add(note);
            return new double[test.rows()];
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Dataset rowsFrom(Dataset d, long fromMillis) {
        return d.slice(d.indexAtOrAfter(fromMillis), d.rows());
    }
}
