package dev.clm.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.DriftSeverity;
import dev.clm.data.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Real data: BTCUSDT hourly bars, 2021 (bull, high volatility) vs 2022 (bear). */
class RegimeChangeOnSharedDataTest {
    private static final List<String> NAMES = List.of("log_return", "abs_return", "range", "log_volume", "vol_24h");

    /** Feature columns of one calendar year (a few lines of CSV reading; the CSV DataClient lives elsewhere). */
    private static double[][] year(int year) throws IOException {
        long from = LocalDate.of(year, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long to = LocalDate.of(year + 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        List<double[]> bars = new ArrayList<>();
        for (String line : Files.readAllLines(SharedData.file("binance_spot_1h/BTCUSDT_1h.csv"))) {
            if (line.startsWith("open_time")) continue;
            String[] p = line.split(",");
            long t = Long.parseLong(p[0]);
            if (t < from - 25 * 3_600_000L || t >= to) continue;
            bars.add(new double[] {t, Double.parseDouble(p[3]), Double.parseDouble(p[4]), Double.parseDouble(p[5]), Double.parseDouble(p[6])});
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = 25; i < bars.size(); i++) {
            double[] b = bars.get(i);
            if (b[0] < from) continue;
            double r = Math.log(b[3] / bars.get(i - 1)[3]);
            double ss = 0;
            for (int k = i - 23; k <= i; k++) {
                double rk = Math.log(bars.get(k)[3] / bars.get(k - 1)[3]);
                ss += rk * rk;
            }
            rows.add(new double[] {r, Math.abs(r), (b[1] - b[2]) / b[3], Math.log1p(b[4]), Math.sqrt(ss / 24)});
        }
        double[][] cols = new double[NAMES.size()][rows.size()];
        for (int i = 0; i < rows.size(); i++) for (int c = 0; c < NAMES.size(); c++) cols[c][i] = rows.get(i)[c];
        return cols;
    }

    @Test
    @DisplayName("BTC 2021 vs 2022 is a regime change; p-values commons-math3 rounds to 0 still rank in log space")
    void btc2021Versus2022() throws IOException {
        double[][] y2021 = year(2021);
        double[][] y2022 = year(2022);
        assertThat(y2021[0].length).isGreaterThan(8000);
        DriftReport report = new DriftDetector(DriftConfig.defaults()).featureDrift(null, NAMES, y2021, y2022);
        var commons = new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest();
        int underflowed = 0;
        for (int c = 0; c < NAMES.size(); c++) {
            DriftFinding f = report.findings().get(c);
            double p = commons.kolmogorovSmirnovTest(y2021[c], y2022[c]);
            System.out.printf("%-10s D=%.4f log10p=%9.2f commons p=%.3g PSI=%.3f %s%n", f.name(), f.statistic(), f.log10P(), p, f.psi(), f.severity());
            assertThat(f.statistic()).isEqualTo(commons.kolmogorovSmirnovStatistic(y2021[c], y2022[c]));
            if (p == 0.0) {
                underflowed++;
                assertThat(f.log10P()).isFinite().isLessThan(-16);
            }
        }
        // volatility, range and volume regimes changed: several HIGH features, hence CRITICAL
        assertThat(report.severity()).isEqualTo(DriftSeverity.CRITICAL);
        assertThat(report.atLeast(DriftSeverity.HIGH)).extracting(DriftFinding::name).contains("range", "vol_24h");
        assertThat(underflowed).isGreaterThanOrEqualTo(3);
        // even the hourly return drifted (its spread shrank with the volatility): every feature is significant
        assertThat(report.findings()).allMatch(DriftFinding::significant);
        // ranking survives the underflow: the most drifted feature has the smallest log p-value
        DriftFinding worst = report.worst();
        assertThat(worst.lnP()).isEqualTo(report.findings().stream().mapToDouble(DriftFinding::lnP).min().orElseThrow());
    }
}
