package dev.clm.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.BarSeries;
import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import dev.clm.api.MarketData;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Labels (and features) stay finite: a price that would make a ratio of two prices overflow
 * (subnormal, or beyond 1e100) is refused by {@link BarSeries} naming symbol, row and field, and
 * the most extreme prices still accepted give finite labels.
 */
class ExtremePriceLabelsTest {
    static final long HOUR = 3_600_000L;

    static BarSeries bars(String symbol, double[] close) {
        int n = close.length;
        long[] ts = new long[n];
        double[] volume = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_700_000_000_000L + i * HOUR;
            volume[i] = 10 + i % 7;
        }
        return new BarSeries(symbol, ts, close.clone(), close.clone(), close.clone(), close.clone(), volume);
    }

    @Test
    @DisplayName("a subnormal or huge price is refused naming symbol, row and field (it made log-return labels infinite)")
    void pricesThatOverflowLogReturnsAreRefused() {
        double[] close = new double[600];
        Arrays.fill(close, 100.0);
        close[400] = Double.MIN_VALUE; // 4.9e-324: log(100 / 4.9e-324) overflows to +Infinity
        assertThatThrownBy(() -> bars("SUB", close)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("SUB").hasMessageContaining("row 400").hasMessageContaining("overflow")
                .satisfies(e -> {
                    InvalidDataException x = (InvalidDataException) e;
                    assertThat(x.symbol()).isEqualTo("SUB");
                    assertThat(x.row()).isEqualTo(400);
                    assertThat(x.field()).isEqualTo("open");
                });
        close[400] = 1e300;
        assertThatThrownBy(() -> bars("HUGE", close)).isInstanceOf(InvalidDataException.class).hasMessageContaining("row 400");
        close[400] = 0.0; // a bar with no trade stays allowed: it ends a feature segment
        assertThat(bars("ZERO", close).size()).isEqualTo(600);
    }

    @Test
    @DisplayName("the most extreme accepted prices give finite labels")
    void extremeAcceptedPricesGiveFiniteLabels() {
        double[] extremes = {BarSeries.MIN_POSITIVE_PRICE, 1.0, BarSeries.MAX_PRICE};
        for (double from : extremes) {
            for (double to : extremes) {
                assertThat(Labels.forwardLogReturn(new double[] {from, to}, 0, 1)).as("log(%s / %s)", to, from).isFinite();
            }
        }
        // A crash from 100 to the smallest accepted price and back: every label the engine emits is finite.
        double[] close = new double[1_200];
        for (int i = 0; i < close.length; i++) close[i] = i >= 600 && i < 620 ? BarSeries.MIN_POSITIVE_PRICE : 100.0 + (i % 13);
        Dataset d = new TechnicalFeatureEngineer().transform(MarketData.of(bars("EXT", close)));
        assertThat(d.rows()).isPositive();
        for (int r = 0; r < d.rows(); r++) assertThat(Float.isFinite(d.labels()[r])).as("label of row %d", r).isTrue();
    }
}
