package dev.clm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
    static BarSeries bars(long[] ts, double[] close) {
        return new BarSeries("BTC", ts, close.clone(), close.clone(), close.clone(), close.clone(), new double[ts.length]);
    }

    @Test
    void duplicateAndNonIncreasingTimestampsNameSymbolRowAndRule() {
        assertThatThrownBy(() -> bars(new long[] {1000, 2000, 2000}, new double[] {1, 2, 3}))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("BTC").hasMessageContaining("row 2").hasMessageContaining("duplicate timestamp")
                .satisfies(e -> assertThat(((InvalidDataException) e).row()).isEqualTo(2));
        assertThatThrownBy(() -> bars(new long[] {1000, 3000, 2000}, new double[] {1, 2, 3}))
                .hasMessageContaining("non-increasing");
    }

    @Test
    void nonFiniteOrNegativePricesAreRejected() {
        assertThatThrownBy(() -> bars(new long[] {1, 2}, new double[] {1, Double.NaN})).hasMessageContaining("row 1")
                .hasMessageContaining("'open'");
        assertThatThrownBy(() -> bars(new long[] {1, 2}, new double[] {1, -2})).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> bars(new long[] {1, 2}, new double[] {Double.POSITIVE_INFINITY, 1})).hasMessageContaining("row 0");
    }

    @Test
    void inconsistentHighLowAreRejected() {
        assertThatThrownBy(() -> new BarSeries("ETH", new long[] {1}, new double[] {10}, new double[] {9}, new double[] {8},
                new double[] {9.5}, new double[] {1})).hasMessageContaining("'high'").hasMessageContaining("ETH");
        assertThatThrownBy(() -> new BarSeries("ETH", new long[] {1}, new double[] {10}, new double[] {11}, new double[] {10.5},
                new double[] {10.2}, new double[] {1})).hasMessageContaining("'low'");
    }

    @Test
    void missingOrShortColumnsAreRejected() {
        assertThatThrownBy(() -> new BarSeries("X", new long[] {1, 2}, new double[] {1, 1}, null, new double[] {1, 1},
                new double[] {1, 1}, new double[] {1, 1})).hasMessageContaining("missing column").hasMessageContaining("high");
        assertThatThrownBy(() -> new BarSeries("X", new long[] {1, 2}, new double[] {1}, new double[] {1, 1}, new double[] {1, 1},
                new double[] {1, 1}, new double[] {1, 1})).hasMessageContaining("expected 2");
    }

    @Test
    void marketDataRefusesTheSameSymbolTwice() {
        BarSeries a = bars(new long[] {1}, new double[] {1});
        assertThatThrownBy(() -> MarketData.of(a, a)).hasMessageContaining("BTC");
    }

    @Test
    void datasetChecksShapeAndTimeOrder() {
        assertThatThrownBy(() -> new Dataset(List.of("a", "b"), List.of("S"), new long[] {1, 2}, new long[] {1, 2}, new int[2],
                new float[3], new float[2], null)).hasMessageContaining("rows x columns");
        assertThatThrownBy(() -> new Dataset(List.of("a"), List.of("S"), new long[] {2, 1}, new long[] {2, 1}, new int[2],
                new float[2], new float[2], null)).hasMessageContaining("row 1").hasMessageContaining("time order");
        assertThatThrownBy(() -> new Dataset(List.of("a"), List.of("S"), new long[] {1}, new long[] {1}, new int[] {3},
                new float[1], new float[1], null)).hasMessageContaining("symbol id 3");
        Dataset d = new Dataset(List.of("a", "b"), List.of("S"), new long[] {1, 2, 3}, new long[] {5, 6, 7}, new int[3],
                new float[] {1, 2, 3, 4, 5, 6}, new float[] {0.1f, 0.2f, 0.3f}, null);
        assertThat(d.slice(1, 3).feature(0, 1)).isEqualTo(4f);
        assertThat(d.row(2, new float[2])).containsExactly(5f, 6f);
    }

    @Test
    void datasetWeightsMustBeFiniteAndNonNegativeNamingTheRow() {
        long[] ts = {1, 2, 3};
        assertThatThrownBy(() -> new Dataset(List.of("a"), List.of("S"), ts, ts, new int[3], new float[3], new float[3],
                new float[] {1, -0.5f, 1})).isInstanceOf(InvalidDataException.class).hasMessageContaining("row 1")
                .hasMessageContaining("weights").hasMessageContaining(">= 0");
        assertThatThrownBy(() -> new Dataset(List.of("a"), List.of("S"), ts, ts, new int[3], new float[3], new float[3],
                new float[] {1, 1, Float.NaN})).isInstanceOf(InvalidDataException.class).hasMessageContaining("row 2");
        assertThatThrownBy(() -> new Dataset(List.of("a"), List.of("S"), ts, ts, new int[3], new float[3], new float[3],
                new float[] {Float.POSITIVE_INFINITY, 1, 1})).isInstanceOf(InvalidDataException.class).hasMessageContaining("row 0");
        Dataset d = new Dataset(List.of("a"), List.of("S"), ts, ts, new int[3], new float[3], new float[3], new float[] {0, 0, 2});
        d.requireUsableWeights("train");
        assertThat(d.slice(0, 2).weights()).containsExactly(0f, 0f);
        assertThatThrownBy(() -> d.slice(0, 2).requireUsableWeights("train split")).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("train split").hasMessageContaining("all 2 sample weights are 0");
        assertThat(d.withWeights(null).weight(1)).isEqualTo(1f);
        assertThat(d.withWeights(new float[] {1, 2, 3}).features()).isSameAs(d.features());
    }

    @Test
    void recordsValidateWithMessagesNamingTheField() {
        assertThatThrownBy(() -> new TimeRange(Instant.ofEpochSecond(5), Instant.ofEpochSecond(1))).hasMessageContaining("timeRange.start");
        assertThatThrownBy(() -> ModelType.of("../etc")).hasMessageContaining("modelType.name");
        assertThatThrownBy(() -> new EvaluationResult(10, Double.NaN, 0, 0, 0.5, 0.5, 0, 0, Map.of(), null, Instant.EPOCH))
                .hasMessageContaining("rmse");
        assertThatThrownBy(() -> new EvaluationResult(-1, 0, 0, 0, 0.5, 0.5, 0, 0, Map.of(), null, Instant.EPOCH))
                .hasMessageContaining("samples");
        assertThatThrownBy(() -> new RetrainingJob("j1", "t", RetrainingType.FULL, List.of(), JobStatus.COMPLETED, Instant.EPOCH,
                null, 0, 0, null)).hasMessageContaining("finishedAt");
        assertThatThrownBy(() -> new RiskLimits("m", 0.5, 1)).hasMessageContaining("maxLeverage");
    }

    @Test
    void modelTypeIsAnOpenValue() {
        assertThat(ModelType.of("xgboost")).isEqualTo(ModelType.XGBOOST);
        assertThat(ModelType.of("my_lstm").name()).isEqualTo("my_lstm");
    }

    @Test
    void lifecycleTransitions() {
        assertThat(ModelStatus.CANDIDATE.canTransitionTo(ModelStatus.SHADOW)).isTrue();
        assertThat(ModelStatus.RETIRED.canTransitionTo(ModelStatus.ACTIVE)).isTrue();
        assertThat(ModelStatus.REJECTED.canTransitionTo(ModelStatus.ACTIVE)).isFalse();
        assertThat(ModelStatus.ACTIVE.canTransitionTo(ModelStatus.SHADOW)).isFalse();
    }

    @Test
    void checksumIsSha256() {
        assertThat(Checksums.sha256Hex("abc".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
