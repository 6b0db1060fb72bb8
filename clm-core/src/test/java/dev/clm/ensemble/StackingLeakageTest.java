package dev.clm.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.Dataset;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.api.contract.MutableClock;
import dev.clm.registry.InMemoryModelRegistry;
import dev.clm.train.RidgeTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Stacking leakage on a random walk: the labels (12-bar forward log returns) are independent of
 * the features (150 lagged one-bar returns), so no honest model has held-out skill. The members
 * overfit: an unpenalised ridge on 150 columns and 700 rows (in-sample R^2 around 0.3) and a
 * mildly penalised one.
 *
 * <ul>
 *   <li>The stack built by {@link EnsembleTrainer} fits its ridge meta-learner on purged,
 *       embargoed 5-fold out-of-fold forecasts: it sees that the members' forecasts carry no
 *       information, gives them small weights, and has no held-out skill (its score is that of
 *       forecasting the training mean, the honest zero-information forecast, within 1.5 points).</li>
 *   <li>The counter-example, written here, fits the same meta-learner on the members' in-sample
 *       forecasts of their own training rows: spurious in-sample skill, over-confident member
 *       weights, and a held-out error clearly worse than forecasting zero.</li>
 * </ul>
 * Skill = 1 - MSE / MSE(zero forecast).
 */
class StackingLeakageTest {
    static final ModelType OVERFIT = ModelType.of("ridge_overfit");
    static final ModelType SHRUNK = ModelType.of("ridge_shrunk");
    static final long HOUR = 3_600_000L;
    static final int LAGS = 150, HORIZON = 12;

    /** Rows of a Gaussian random walk (1% hourly volatility): features = last LAGS one-bar returns, label = next HORIZON bars' return. */
    static Dataset randomWalk(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int bars = rows + LAGS + HORIZON;
        double[] ret = new double[bars];
        for (int i = 0; i < bars; i++) ret[i] = 0.01 * r.nextGaussian();
        long[] ts = new long[rows];
        long[] end = new long[rows];
        float[] x = new float[rows * LAGS];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            int bar = i + LAGS; // features use returns of bars <= bar
            ts[i] = 1_600_000_000_000L + bar * HOUR;
            end[i] = ts[i] + HORIZON * HOUR;
            for (int k = 0; k < LAGS; k++) x[i * LAGS + k] = (float) ret[bar - k];
            double s = 0;
            for (int h = 1; h <= HORIZON; h++) s += ret[bar + h];
            y[i] = (float) s;
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < LAGS; k++) names.add("ret_lag" + k);
        return new Dataset(names, List.of("RW"), ts, end, new int[rows], x, y, null);
    }

    static double mse(double[] p, Dataset d) {
        double s = 0;
        for (int i = 0; i < p.length; i++) s += (p[i] - d.labels()[i]) * (p[i] - d.labels()[i]);
        return s / p.length;
    }

    static double skill(double[] p, Dataset d) {
        return 1 - mse(p, d) / mse(new double[p.length], d);
    }

    @Test
    @DisplayName("purged out-of-fold stacking has no held-out skill on a random walk; in-sample stacking shows spurious skill and is worse held out")
    void outOfFoldStackingDoesNotLeak() {
        Dataset all = randomWalk(700 + 12 + 200 + 12 + 3000, 2024);
        Dataset train = all.slice(0, 700);
        Dataset validation = all.slice(712, 912); // purged: the last training label ends before validation starts
        Dataset test = all.slice(924, all.rows());
        InMemoryModelRegistry registry = new InMemoryModelRegistry(MutableClock.at("2024-01-01T00:00:00Z"));
        MemberFixture.CountingTrainer members = new MemberFixture.CountingTrainer(new RidgeTrainer(OVERFIT), new RidgeTrainer(SHRUNK));
        MemberFixture.trainActive(registry, members, OVERFIT, train, validation, Map.of("lambda", "0"), "o1");
        MemberFixture.trainActive(registry, members, SHRUNK, train, validation, Map.of("lambda", "0.05"), "s1");
        EnsembleTrainer trainer = new EnsembleTrainer(registry, members, EnsembleSpec.stack(List.of(OVERFIT, SHRUNK)));

        try (EnsembleModel stack = (EnsembleModel) trainer.train(ModelType.STACK, train, validation, Map.of())) {
            // the counter-example: the same meta-learner on the members' in-sample forecasts
            double[][] inSample = stack.memberPredictions(train);
            double[] y = new double[train.rows()];
            for (int i = 0; i < y.length; i++) y[i] = train.labels()[i];
            Combination naive = MetaLearner.RIDGE.fit(inSample, y, EnsembleSpec.DEFAULT_META_LAMBDA);

            double[][] heldOut = stack.memberPredictions(test);
            double[] naiveTest = combine(naive, heldOut);
            double[] naiveTrain = combine(naive, inSample);
            double[] stackTest = stack.predict(test);
            double oofFitSkill = 1 - Double.parseDouble(stack.provenance().get("fit.mse")) / mse(new double[y.length], train);
            double memberSkill = skill(heldOut[0], test);
            double naiveInSampleSkill = skill(naiveTrain, train);
            double naiveSkill = skill(naiveTest, test);
            double stackSkill = skill(stackTest, test);
            // a member's weight in units of forecast standard deviations vs the label's (over-confidence)
            double oofWeight = Math.abs(stack.combination().coefficient(0)) * sd(heldOut[0]) / sd(test);
            double naiveWeight = Math.abs(naive.coefficient(0)) * sd(heldOut[0]) / sd(test);
            System.out.printf("random walk, %d train / %d test rows: overfit member held-out skill %.3f%n", train.rows(), test.rows(), memberSkill);
            System.out.printf("  out-of-fold stack: fit skill %.4f, held-out skill %.4f, coefficients %s%n", oofFitSkill, stackSkill,
                    stack.combination());
            System.out.printf("  in-sample stack:   fit skill %.4f, held-out skill %.4f, coefficients %s%n", naiveInSampleSkill, naiveSkill, naive);
            System.out.printf("  overfit member's weight (forecast sd / label sd units): out-of-fold %.3f, in-sample %.3f%n", oofWeight, naiveWeight);

            // the honest zero-information forecast is the training mean (what an intercept-only meta-learner gives)
            double trainMean = 0;
            for (double v : y) trainMean += v;
            trainMean /= y.length;
            double[] meanForecast = new double[test.rows()];
            java.util.Arrays.fill(meanForecast, trainMean);
            double meanSkill = skill(meanForecast, test);
            System.out.printf("  training-mean forecast: held-out skill %.4f%n", meanSkill);

            assertThat(memberSkill).as("the overfit member itself is worse than zero held out").isLessThan(-0.1);
            // no held-out skill: no better than zero, and within 1.5 points of the zero-information training mean
            assertThat(stackSkill).isLessThan(0.01);
            assertThat(stackSkill).isCloseTo(meanSkill, org.assertj.core.data.Offset.offset(0.015));
            assertThat(oofFitSkill).as("its own out-of-fold fit finds almost nothing").isLessThan(0.03);
            assertThat(Math.abs(stack.combination().coefficient(0))).isLessThan(0.15);
            assertThat(Math.abs(stack.combination().coefficient(1))).isLessThan(0.15);
            // the counter-example: spurious in-sample skill, members trusted almost fully, clearly worse held out
            assertThat(naiveInSampleSkill).isGreaterThan(0.12);
            assertThat(naive.coefficient(0) + naive.coefficient(1)).isGreaterThan(0.8);
            assertThat(naiveWeight).isGreaterThan(5 * oofWeight);
            assertThat(naiveSkill).isLessThan(meanSkill - 0.1);
            assertThat(mse(naiveTest, test)).isGreaterThan(1.1 * mse(stackTest, test));
        }
        assertThat(members.open.get()).isZero();
    }

    static double[] combine(Combination c, double[][] p) {
        double[] out = new double[p[0].length];
        double[] row = new double[p.length];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < p.length; j++) row[j] = p[j][i];
            out[i] = c.combine(row);
        }
        return out;
    }

    static double sd(double[] v) {
        double m = 0, s = 0;
        for (double x : v) m += x;
        m /= v.length;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / v.length);
    }

    static double sd(Dataset d) {
        double[] y = new double[d.rows()];
        for (int i = 0; i < y.length; i++) y[i] = d.labels()[i];
        return sd(y);
    }
}
