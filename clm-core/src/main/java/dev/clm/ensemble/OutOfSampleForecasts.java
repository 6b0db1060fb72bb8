package dev.clm.ensemble;

import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import java.time.Instant;
import java.util.List;

/**
 * Member forecasts that no member made on rows it was trained on, for fitting blend weights or
 * a stacking meta-learner:
 *
 * <ul>
 *   <li>{@link #kfold}: for each fold of a {@link PurgedKFold} of the training rows, each
 *       member type is trained afresh (through the member trainer, with the parameters its
 *       registry version was trained with) on that fold's purged, embargoed training rows and
 *       predicts the held-out block; every training row gets one out-of-fold forecast per member.
 *       The refits use the ensemble's validation rows (after all training rows) for early
 *       stopping only, and are closed at once.</li>
 *   <li>{@link #holdout}: the members' registry versions predict the rows whose time is after
 *       every member's training data ended (its artifact's training range end, which is the
 *       last label it saw), so the forecasts are out of sample by construction.</li>
 * </ul>
 */
final class OutOfSampleForecasts {
    /** {@code predictions[member][row]}, the rows' forward returns, and how they were made. */
    record Forecasts(double[][] predictions, double[] labels, String source) {
        int rows() {
            return labels.length;
        }
    }

    private OutOfSampleForecasts() {}

    static Forecasts kfold(ModelType ensemble, ModelTrainer trainer, List<MemberLoader.Loaded> members, Dataset train,
                           Dataset validation, PurgedKFold kfold) {
        int n = train.rows();
        double[][] out = new double[members.size()][n];
        for (PurgedKFold.Fold fold : kfold.split(train)) {
            Dataset foldTrain = PurgedKFold.trainRows(train, fold);
            Dataset heldOut = train.slice(fold.heldOutStart(), fold.heldOutEnd());
            for (int j = 0; j < members.size(); j++) {
                ModelType t = members.get(j).artifact().type();
                try (TrainedModel refit = trainer.train(t, foldTrain, validation, members.get(j).artifact().trainingParams())) {
                    double[] p = refit.predict(heldOut);
                    System.arraycopy(p, 0, out[j], fold.heldOutStart(), p.length);
                } catch (RuntimeException e) {
                    throw new ModelTrainingException(ensemble, null, "refitting member type " + t + " on fold " + fold.index() + " of "
                            + kfold.folds() + " (" + fold.trainRows() + " training rows) failed: " + e.getMessage(), e);
                }
            }
        }
        return new Forecasts(out, labels(train), "kfold");
    }

    static Forecasts holdout(List<MemberLoader.Loaded> members, Dataset rows) {
        long seenUntil = Long.MIN_VALUE;
        for (MemberLoader.Loaded m : members) seenUntil = Math.max(seenUntil, m.artifact().trainingRange().end().toEpochMilli());
        Dataset after = rows.slice(rows.indexAtOrAfter(seenUntil + 1), rows.rows());
        if (after.rows() == 0) {
            throw new InvalidDataException(null, -1, "rows", "no training row is after the members' training data ended ("
                    + Instant.ofEpochMilli(seenUntil) + "); fit_source=holdout needs rows the members have not seen");
        }
        double[][] out = new double[members.size()][];
        for (int j = 0; j < members.size(); j++) out[j] = members.get(j).model().predict(after);
        return new Forecasts(out, labels(after), "holdout");
    }

    private static double[] labels(Dataset d) {
        double[] y = new double[d.rows()];
        for (int i = 0; i < y.length; i++) y[i] = d.labels()[i];
        return y;
    }
}
