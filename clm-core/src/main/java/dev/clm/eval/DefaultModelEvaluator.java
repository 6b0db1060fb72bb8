package dev.clm.eval;

import dev.clm.api.LabelKind;
import dev.clm.api.Dataset;
import dev.clm.api.Estimate;
import dev.clm.api.EvaluationResult;
import dev.clm.api.InvalidDataException;
import dev.clm.api.ModelEvaluator;
import dev.clm.stats.BlockTest;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores predictions of the forward log return against a dataset's labels in one pass.
 *
 * <p>Metrics: RMSE, MAE, error standard deviation, bias (mean error), directional accuracy
 * (sign agreement; a zero prediction is wrong unless the outcome is zero), hit rate (share of
 * rows where the prediction is closer to the outcome than the zero-return forecast), Pearson
 * correlation (0 when either side is constant), and "regime" accuracies: directional accuracy
 * on rows whose outcome was up / down, and on rows whose absolute outcome was above / below
 * the median ({@code high_move} / {@code low_move}).
 *
 * <p>Uncertainty: rows overlap (a label is a forward return over a horizon, so neighbouring
 * rows share outcome bars) and the symbols at one timestamp move together, so rows are not
 * independent observations. The effective sample size, and the standard errors and 95%
 * intervals of directional accuracy, MAE and the MAE reduction over the zero forecast, come
 * from {@link BlockTest}: rows averaged per timestamp, then purged time folds at least three
 * label horizons long (the horizon read from the label end timestamps), Ibragimov and Müller
 * (2010). A directional accuracy of 0.53 on 2,500 rows of 9 symbols over 12 days of hourly bars
 * with 12-hour labels rests on about 24 independent windows, not 2,500. Stateless and thread-safe.
 */
public final class DefaultModelEvaluator implements ModelEvaluator {
    private final Clock clock;

    public DefaultModelEvaluator(Clock clock) {
        this.clock = clock;
    }

    @Override
    public EvaluationResult evaluatePredictions(double[] predictions, Dataset data) {
        // Every kind: predictions are compared with labels of the same kind (errors, signs, correlation).
        LabelKind.requireSupported("DefaultModelEvaluator", LabelKind.all(), data);
        int n = data.rows();
        if (n == 0) throw new InvalidDataException(null, -1, "rows", "cannot evaluate on an empty dataset; expected at least one row");
        if (predictions.length != n) {
            throw new IllegalArgumentException("predictions has " + predictions.length + " values, expected one per row (" + n + ")");
        }
        float[] y = data.labels();
        double sumE = 0, sumE2 = 0, sumAbs = 0, sumP = 0, sumY = 0, sumPY = 0, sumP2 = 0, sumY2 = 0;
        long correct = 0, hits = 0, up = 0, upCorrect = 0, down = 0, downCorrect = 0;
        double[] absY = new double[n];
        double[] rightRow = new double[n], absErr = new double[n], skill = new double[n];
        for (int i = 0; i < n; i++) {
            double p = predictions[i];
            double o = y[i];
            if (!Double.isFinite(p)) throw new InvalidDataException(data.symbolOf(i), i, "prediction", "prediction " + p + " is not finite");
            if (!Double.isFinite(o)) throw new InvalidDataException(data.symbolOf(i), i, "labels", "label " + o + " is not finite; expected a realised forward return");
            double e = p - o;
            sumE += e;
            sumE2 += e * e;
            sumAbs += Math.abs(e);
            sumP += p;
            sumY += o;
            sumPY += p * o;
            sumP2 += p * p;
            sumY2 += o * o;
            boolean right = directionRight(p, o);
            if (right) correct++;
            rightRow[i] = right ? 1 : 0;
            absErr[i] = Math.abs(e);
            skill[i] = Math.abs(o) - Math.abs(e);
            if (Math.abs(e) < Math.abs(o)) hits++;
            if (o > 0) { up++; if (right) upCorrect++; }
            if (o < 0) { down++; if (right) downCorrect++; }
            absY[i] = Math.abs(o);
        }
        double mean = sumE / n;
        double variance = Math.max(0, sumE2 / n - mean * mean);
        double cov = sumPY / n - (sumP / n) * (sumY / n);
        double varP = sumP2 / n - (sumP / n) * (sumP / n);
        double varY = sumY2 / n - (sumY / n) * (sumY / n);
        double corr = varP > 1e-30 && varY > 1e-30 ? cov / Math.sqrt(varP * varY) : 0.0;
        corr = Math.max(-1, Math.min(1, corr));
        Map<String, Double> regimes = new LinkedHashMap<>();
        if (up > 0) regimes.put("up", (double) upCorrect / up);
        if (down > 0) regimes.put("down", (double) downCorrect / down);
        addMoveSizeRegimes(predictions, y, absY, regimes);
        long horizon = labelHorizonMillis(data);
        long[] ts = data.timestamps();
        BlockTest.Result acc = BlockTest.ofRows(rightRow, ts, n, horizon);
        BlockTest.Result err = BlockTest.ofRows(absErr, ts, n, horizon);
        BlockTest.Result sk = BlockTest.ofRows(skill, ts, n, horizon);
        double accuracy = (double) correct / n;
        return new EvaluationResult(n, Math.sqrt(sumE2 / n), sumAbs / n, Math.sqrt(variance), accuracy,
                (double) hits / n, corr, mean, regimes, null, clock.instant(), acc.effectiveSamples(), around(accuracy, acc),
                around(sumAbs / n, err), around(sk.mean(), sk));
    }

    /** The estimate {@code value} with the fold test's standard error and interval half-width. */
    private static Estimate around(double value, BlockTest.Result r) {
        if (!r.decidable()) return new Estimate(value, Double.NaN, Double.NaN, Double.NaN, r.effectiveSamples());
        double half = (r.upper() - r.lower()) / 2;
        return new Estimate(value, r.stdError(), value - half, value + half, r.effectiveSamples());
    }

    /** Median time from a row to its label's end (>= 1 ms): the reach of the labels' overlap. */
    static long labelHorizonMillis(Dataset d) {
        int n = d.rows();
        long[] ts = d.timestamps(), end = d.labelEndTimestamps();
        int step = Math.max(1, n / 512);
        long[] spans = new long[(n + step - 1) / step];
        int k = 0;
        for (int i = 0; i < n; i += step) spans[k++] = Math.max(0, end[i] - ts[i]);
        Arrays.sort(spans, 0, k);
        return Math.max(1, spans[k / 2]);
    }

    private static void addMoveSizeRegimes(double[] p, float[] y, double[] absY, Map<String, Double> regimes) {
        double[] sorted = absY.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        long hi = 0, hiRight = 0, lo = 0, loRight = 0;
        for (int i = 0; i < p.length; i++) {
            boolean right = directionRight(p[i], y[i]);
            if (absY[i] >= median) { hi++; if (right) hiRight++; } else { lo++; if (right) loRight++; }
        }
        if (hi > 0) regimes.put("high_move", (double) hiRight / hi);
        if (lo > 0) regimes.put("low_move", (double) loRight / lo);
    }

    static boolean directionRight(double p, double o) {
        return (p > 0 && o > 0) || (p < 0 && o < 0) || (p == 0 && o == 0);
    }

    @Override
    public EvaluationResult compareToActive(EvaluationResult candidate, EvaluationResult active) {
        if (candidate.samples() != active.samples()) {
            throw new IllegalArgumentException("candidate was scored on " + candidate.samples() + " rows and active on "
                    + active.samples() + "; compare them on the same rows");
        }
        return candidate.withComparison(new EvaluationResult.Comparison(
                candidate.rmse() - active.rmse(), candidate.mae() - active.mae(),
                candidate.directionalAccuracy() - active.directionalAccuracy(), candidate.hitRate() - active.hitRate(),
                relativeImprovement(candidate.rmse(), active.rmse()), relativeImprovement(candidate.mae(), active.mae())));
    }

    /** (active - candidate) / active; 0 when both are 0. */
    static double relativeImprovement(double candidate, double active) {
        if (active == 0) return candidate == 0 ? 0 : -1;
        return (active - candidate) / active;
    }
}
