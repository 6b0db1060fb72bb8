package dev.clm.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.Dataset;
import dev.clm.api.DriftSeverity;
import dev.clm.api.DriftType;
import dev.clm.api.InvalidDataException;
import dev.clm.api.ModelType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {
    private final DriftDetector detector = new DriftDetector(DriftConfig.defaults());

    static double[][] gaussianColumns(Random r, int features, int n, double mean, double sd) {
        double[][] cols = new double[features][n];
        for (double[] c : cols) for (int i = 0; i < n; i++) c[i] = mean + sd * r.nextGaussian();
        return cols;
    }

    static List<String> names(int k) {
        List<String> n = new ArrayList<>();
        for (int i = 0; i < k; i++) n.add("f" + i);
        return n;
    }

    @Nested
    @DisplayName("no drift")
    class NoDrift {
        @Test
        @DisplayName("50 features, same distribution, 200 trials: corrected false alarms stay within alpha")
        void falseAlarmRateWithinCorrectedAlpha() {
            Random r = new Random(20260101);
            int trials = 200, features = 50, n = 2000;
            int bhAlarms = 0, uncorrectedAlarms = 0, severityAlarms = 0;
            DriftDetector uncorrected = new DriftDetector(DriftConfig.builder().correction(MultipleTesting.Correction.NONE).build());
            for (int t = 0; t < trials; t++) {
                double[][] ref = gaussianColumns(r, features, n, 0, 1);
                double[][] cur = gaussianColumns(r, features, n, 0, 1);
                DriftReport report = detector.featureDrift(null, names(features), ref, cur);
                if (report.findings().stream().anyMatch(DriftFinding::significant)) bhAlarms++;
                if (report.severity().compareTo(DriftSeverity.MEDIUM) >= 0) severityAlarms++;
                if (uncorrected.featureDrift(null, names(features), ref, cur).findings().stream().anyMatch(DriftFinding::significant)) {
                    uncorrectedAlarms++;
                }
            }
            System.out.printf("false alarms over %d trials: BH %d, uncorrected %d, severity>=MEDIUM %d%n", trials, bhAlarms, uncorrectedAlarms, severityAlarms);
            // with BH the chance that a healthy check flags any feature is <= alpha = 5% (10 of 200)
            assertThat(bhAlarms).isLessThanOrEqualTo(10);
            // without a correction 50 tests at 5% flag most healthy checks: the correction is what makes the difference
            assertThat(uncorrectedAlarms).isGreaterThan(120);
            // actionable severities also need PSI >= 0.1, which the same distribution never reaches
            assertThat(severityAlarms).isZero();
        }
    }

    @Nested
    @DisplayName("shifted distributions")
    class Shifts {
        private DriftFinding single(double refMean, double refSd, double curMean, double curSd) {
            Random r = new Random(42);
            double[][] ref = gaussianColumns(r, 1, 5000, refMean, refSd);
            double[][] cur = gaussianColumns(r, 1, 5000, curMean, curSd);
            return detector.featureDrift(null, List.of("x"), ref, cur).findings().get(0);
        }

        @Test
        void smallMeanShiftIsSignificantButLow() {
            DriftFinding f = single(0, 1, 0.15, 1);
            assertThat(f.significant()).isTrue();
            assertThat(f.psi()).isLessThan(0.1);
            assertThat(f.severity()).isEqualTo(DriftSeverity.LOW);
        }

        @Test
        void moderateMeanShiftIsMedium() {
            DriftFinding f = single(0, 1, 0.4, 1);
            assertThat(f.psi()).isBetween(0.1, 0.25);
            assertThat(f.severity()).isEqualTo(DriftSeverity.MEDIUM);
        }

        @Test
        void largeMeanShiftIsHigh() {
            DriftFinding f = single(0, 1, 1.0, 1);
            assertThat(f.psi()).isGreaterThanOrEqualTo(0.25);
            assertThat(f.severity()).isEqualTo(DriftSeverity.HIGH);
        }

        @Test
        void varianceChangeIsDetectedAtTheExpectedSeverity() {
            assertThat(single(0, 1, 0, 1.5).severity()).isEqualTo(DriftSeverity.MEDIUM);
            assertThat(single(0, 1, 0, 2.5).severity()).isEqualTo(DriftSeverity.HIGH);
        }

        @Test
        void severalHighFeaturesMakeTheCheckCritical() {
            Random r = new Random(5);
            double[][] ref = gaussianColumns(r, 10, 3000, 0, 1);
            double[][] cur = gaussianColumns(r, 10, 3000, 0, 1);
            for (int f = 0; f < 2; f++) for (int i = 0; i < cur[f].length; i++) cur[f][i] += 1.0;
            DriftReport twoHigh = detector.featureDrift(null, names(10), ref, cur);
            assertThat(twoHigh.count(DriftSeverity.HIGH)).isEqualTo(2);
            assertThat(twoHigh.severity()).isEqualTo(DriftSeverity.HIGH);
            for (int i = 0; i < cur[2].length; i++) cur[2][i] += 1.0;
            DriftReport threeHigh = detector.featureDrift(null, names(10), ref, cur);
            assertThat(threeHigh.severity()).isEqualTo(DriftSeverity.CRITICAL);
            assertThat(threeHigh.atLeast(DriftSeverity.HIGH)).extracting(DriftFinding::name).containsExactlyInAnyOrder("f0", "f1", "f2");
        }

        @Test
        void datasetColumnsGiveTheSameAnswerAsArrays() {
            Random r = new Random(9);
            int rows = 3000, cols = 3;
            float[] a = new float[rows * cols], b = new float[rows * cols];
            double[][] ca = new double[cols][rows], cb = new double[cols][rows];
            for (int i = 0; i < rows; i++) for (int c = 0; c < cols; c++) {
                a[i * cols + c] = (float) r.nextGaussian();
                b[i * cols + c] = (float) (r.nextGaussian() * (1 + c * 0.5));
                ca[c][i] = a[i * cols + c];
                cb[c][i] = b[i * cols + c];
            }
            DriftReport fromDatasets = detector.featureDrift(ModelType.XGBOOST, dataset(a, rows), dataset(b, rows));
            DriftReport fromArrays = detector.featureDrift(ModelType.XGBOOST, List.of("f0", "f1", "f2"), ca, cb);
            assertThat(fromDatasets.findings()).isEqualTo(fromArrays.findings());
            assertThat(fromDatasets.findings().get(0).severity()).isEqualTo(DriftSeverity.NONE);
            assertThat(fromDatasets.findings().get(2).severity()).isEqualTo(DriftSeverity.HIGH);
        }

        private Dataset dataset(float[] features, int rows) {
            long[] ts = new long[rows];
            for (int i = 0; i < rows; i++) ts[i] = i * 3_600_000L;
            return new Dataset(List.of("f0", "f1", "f2"), List.of("BTCUSDT"), ts, ts.clone(), new int[rows], features,
                    new float[rows], null);
        }
    }

    @Nested
    @DisplayName("prediction and performance drift")
    class ModelDrift {
        @Test
        void predictionDriftUsesTheSameRuleWithoutCorrection() {
            Random r = new Random(1);
            double[] ref = gaussianColumns(r, 1, 4000, 0, 0.01)[0];
            double[] same = gaussianColumns(r, 1, 4000, 0, 0.01)[0];
            double[] biased = gaussianColumns(r, 1, 4000, 0.012, 0.01)[0];
            assertThat(detector.predictionDrift(ModelType.LIGHTGBM, ref, same).severity()).isIn(DriftSeverity.NONE, DriftSeverity.LOW);
            DriftReport drifted = detector.predictionDrift(ModelType.LIGHTGBM, ref, biased);
            assertThat(drifted.driftType()).isEqualTo(DriftType.PREDICTION);
            assertThat(drifted.severity()).isEqualTo(DriftSeverity.HIGH);
        }

        @Test
        void winrateDecaySeverities() {
            // baseline 56% directional accuracy
            assertThat(detector.winrateDrift(ModelType.XGBOOST, 0.56, 560, 1000).severity()).isEqualTo(DriftSeverity.NONE);
            assertThat(detector.winrateDrift(ModelType.XGBOOST, 0.56, 26, 50).severity()).isEqualTo(DriftSeverity.LOW); // -7%, too few trades
            assertThat(detector.winrateDrift(ModelType.XGBOOST, 0.56, 5100, 10_000).severity()).isEqualTo(DriftSeverity.MEDIUM); // -9%
            assertThat(detector.winrateDrift(ModelType.XGBOOST, 0.56, 4500, 10_000).severity()).isEqualTo(DriftSeverity.HIGH); // -20%
            DriftReport collapse = detector.winrateDrift(ModelType.XGBOOST, 0.56, 3500, 10_000); // -37.5%
            assertThat(collapse.severity()).isEqualTo(DriftSeverity.CRITICAL);
            assertThat(collapse.findings().get(0).lnP()).isFinite().isLessThan(-700); // far below double range, still finite
        }

        @Test
        void errorDriftComparesAbsoluteErrors() {
            Random r = new Random(2);
            double[] base = new double[3000], worse = new double[3000];
            for (int i = 0; i < base.length; i++) {
                base[i] = Math.abs(r.nextGaussian());
                worse[i] = Math.abs(r.nextGaussian() * 1.25);
            }
            DriftReport rep = detector.errorDrift(ModelType.NHITS, base, worse);
            assertThat(rep.findings().get(0).statistic()).isBetween(0.15, 0.35);
            assertThat(rep.severity()).isEqualTo(DriftSeverity.HIGH);
        }

        @Test
        void badInputIsRejectedWithTheFieldNamed() {
            assertThatThrownBy(() -> detector.winrateDrift(ModelType.XGBOOST, 1.2, 1, 2)).hasMessageContaining("baselineAccuracy");
            assertThatThrownBy(() -> detector.featureDrift(null, List.of("a"), new double[][] {{1}}, new double[][] {{Double.NaN}}))
                    .isInstanceOf(InvalidDataException.class).hasMessageContaining("current.a");
        }
    }
}
