package dev.clm.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.InvalidDataException;
import dev.clm.api.Dataset;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.models.xgboost.XGBoostTrainer;
import dev.clm.models.lightgbm.LightGBMTrainer;
import io.github.metarank.lightgbm4j.LGBMBooster;
import com.microsoft.ml.lightgbm.PredictionType;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ModelEnvelopeTest {
    static final Map<String, String> FAST = Map.of("num_rounds", "15", "learning_rate", "0.2", "max_depth", "3", "threads", "1");
    final Dataset all = SyntheticMarket.wide(1200, 6, 4, 1_700_000_000_000L);
    final Dataset train = all.slice(0, 1000), validation = all.slice(1000, 1200);

    @Test
    void roundTripsNamesProvenanceAndBytes() {
        ModelEnvelope e = new ModelEnvelope("xgboost-ubj", List.of("ret 1h", "rsi[14]", "é"), Map.of("k", "v"), new byte[] {9, 8, 7});
        ModelEnvelope back = ModelEnvelope.parse(e.toBytes(), "xgboost-ubj");
        assertThat(back.featureNames()).containsExactly("ret 1h", "rsi[14]", "é");
        assertThat(back.provenance()).containsExactly(Map.entry("k", "v"));
        assertThat(back.nativeModel()).containsExactly(9, 8, 7);
        assertThatThrownBy(() -> ModelEnvelope.parse(e.toBytes(), "lightgbm-text")).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("'xgboost-ubj'").hasMessageContaining("'lightgbm-text'");
    }

    @Test
    @DisplayName("one envelope for every kind: properties with awkward characters round-trip, the header is JSON, equal envelopes give equal bytes")
    void oneEnvelopeForEveryKind() {
        Map<String, String> props = new java.util.LinkedHashMap<>();
        props.put("model_type", "nhits");
        props.put("odd", "a=b\\c\nnext line\r,\u00e9\"{}");
        ModelEnvelope e = new ModelEnvelope("clm-nhits-v1", List.of("ret_lag_0", "ret_lag_1"), Map.of("seed", "42"), props, new byte[] {1, 2});
        byte[] bytes = e.toBytes();
        assertThat(new String(java.util.Arrays.copyOf(bytes, 4), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("CLMM");
        assertThat(bytes[4]).as("envelope version").isEqualTo((byte) 2);
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).contains("\"featureNames\":[\"ret_lag_0\",\"ret_lag_1\"]");
        ModelEnvelope back = ModelEnvelope.parse(bytes, "clm-nhits-v1");
        assertThat(back.properties()).isEqualTo(props);
        assertThat(back.require("model_type")).isEqualTo("nhits");
        assertThatThrownBy(() -> back.require("input_scale")).isInstanceOf(InvalidDataException.class).hasMessageContaining("input_scale");
        assertThat(new ModelEnvelope("clm-nhits-v1", List.of("ret_lag_0", "ret_lag_1"), Map.of("seed", "42"), Map.copyOf(props),
                new byte[] {1, 2}).toBytes()).isEqualTo(bytes);
    }

    @Test
    @DisplayName("foreign, truncated, padded and garbled bytes are refused saying why")
    void badBytes() {
        byte[] good = new ModelEnvelope("xgboost-ubj", List.of("a"), Map.of(), new byte[64]).toBytes();
        byte[] foreign = good.clone();
        foreign[0] = 'X';
        assertThatThrownBy(() -> ModelEnvelope.parse(foreign, "xgboost-ubj")).isInstanceOf(InvalidDataException.class).hasMessageContaining("magic");
        assertThatThrownBy(() -> ModelEnvelope.parse(java.util.Arrays.copyOf(good, good.length - 10), "xgboost-ubj"))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("native model length");
        assertThatThrownBy(() -> ModelEnvelope.parse(java.util.Arrays.copyOf(good, good.length + 2), "xgboost-ubj"))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("unexpected bytes");
        byte[] garbled = good.clone();
        garbled[10] = '#';
        assertThatThrownBy(() -> ModelEnvelope.parse(garbled, "xgboost-ubj")).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("JSON");
        byte[] version = good.clone();
        version[4] = 9;
        assertThatThrownBy(() -> ModelEnvelope.parse(version, "xgboost-ubj")).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("version 9");
    }

    @Test
    void xgboostNativePartLoadsInPlainXgboost4j() throws Exception {
        try (TrainedModel m = new XGBoostTrainer().train(ModelType.XGBOOST, train, validation, FAST)) {
            ModelEnvelope e = ModelEnvelope.parse(m.serialize(), "xgboost-ubj");
            assertThat(e.provenance()).containsEntry("param.max_depth", "3").containsEntry("mode", "full");
            Booster b = XGBoost.loadModel(e.nativeModel());
            DMatrix d = new DMatrix(validation.features(), validation.rows(), validation.columns(), Float.NaN);
            try {
                float[][] p = b.predict(d);
                double[] ours = m.predict(validation);
                for (int i = 0; i < ours.length; i++) assertThat(p[i][0]).isEqualTo((float) ours[i]);
            } finally {
                d.dispose();
                b.dispose();
            }
        }
    }

    @Test
    void lightgbmNativePartIsAPlainModelString() throws Exception {
        try (TrainedModel m = new LightGBMTrainer().train(ModelType.LIGHTGBM, train, validation, FAST)) {
            ModelEnvelope e = ModelEnvelope.parse(m.serialize(), "lightgbm-text");
            assertThat(e.nativeText()).startsWith("tree\n");
            try (LGBMBooster b = LGBMBooster.loadModelFromString(e.nativeText())) {
                double[] p = b.predictForMat(validation.features(), validation.rows(), validation.columns(), true, PredictionType.C_API_PREDICT_RAW_SCORE);
                assertThat(p).containsExactly(m.predict(validation));
            }
        }
    }

    @Test
    void retrainingFromRecordedParametersReproducesTheModel() {
        for (TreeKind kind : TreeKind.values()) {
            Map<String, String> params = Map.of("num_rounds", "20", "learning_rate", "0.2", "max_depth", "4", "subsample", "0.7",
                    "colsample_bytree", "0.6", "threads", "1");
            try (TrainedModel a = kind.trainer().train(kind.type, train, validation, params)) {
                Map<String, String> recorded = new java.util.HashMap<>();
                a.provenance().forEach((k, v) -> {
                    if (k.startsWith("param.")) recorded.put(k.substring(6), v);
                });
                try (TrainedModel b = kind.trainer().train(kind.type, train, validation, recorded)) {
                    assertThat(b.predict(validation)).as(kind.name()).containsExactly(a.predict(validation));
                }
            }
        }
    }
}
