package dev.clm.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.CorruptModelException;
import dev.clm.api.Dataset;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.models.internal.NativeHandles;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Targeted damage to the native part of a model (the envelope left intact, as when a checksum
 * was recorded over damaged bytes): each kind of damage that crashes or hangs the native
 * libraries is refused in Java with {@link CorruptModelException} naming the model type and
 * what is wrong, and no native handle is left open. Healthy bytes still load to the same
 * predictions. The random-mutation proof is {@link CorruptModelFuzzTest}.
 */
class CorruptNativeModelTest {
    static final Dataset ALL = SyntheticMarket.planted(1_500, 6, 5);
    static final Dataset TRAIN = ALL.slice(0, 1_000), VALIDATION = ALL.slice(1_000, 1_250), PROBE = ALL.slice(1_250, 1_500);
    static final Map<String, String> PARAMS = Map.of("num_rounds", "8", "max_depth", "3", "early_stopping_rounds", "0", "threads", "1");
    long[] handlesBefore;
    static final String[] KINDS = {"xgboost.booster", "xgboost.dmatrix", "lightgbm.booster", "lightgbm.dataset"};

    @BeforeEach
    void countHandles() {
        handlesBefore = new long[KINDS.length];
        for (int i = 0; i < KINDS.length; i++) handlesBefore[i] = NativeHandles.live(KINDS[i]);
    }

    @AfterEach
    void everyHandleFreed() {
        for (int i = 0; i < KINDS.length; i++) assertThat(NativeHandles.live(KINDS[i])).as(KINDS[i]).isEqualTo(handlesBefore[i]);
    }

    static byte[] trained(TreeKind kind) {
        try (TrainedModel m = kind.trainer().train(kind.type, TRAIN, VALIDATION, PARAMS)) {
            return m.serialize();
        }
    }

    static byte[] withNative(byte[] bytes, String format, UnaryOperator<byte[]> damage) {
        ModelEnvelope env = ModelEnvelope.parse(bytes, format);
        return new ModelEnvelope(env.format(), env.featureNames(), env.provenance(), damage.apply(env.nativeModel().clone())).toBytes();
    }

    static void refused(TreeKind kind, byte[] bytes, String reason) {
        assertThatThrownBy(() -> kind.trainer().load(kind.type, bytes)).isInstanceOf(CorruptModelException.class)
                .hasMessageContaining("model " + kind.type).hasMessageContaining(reason)
                .satisfies(e -> assertThat(((CorruptModelException) e).modelType()).isEqualTo(kind.type));
    }

    @Nested
    @DisplayName("XGBoost")
    class XGBoost {
        final byte[] bytes = trained(TreeKind.XGBOOST);

        /** Offset of the first element of the typed array under {@code key} in the first tree. */
        int firstElement(byte[] ubj, String key) {
            byte[] k = key.getBytes(StandardCharsets.US_ASCII);
            outer:
            for (int i = 0; i + k.length < ubj.length; i++) {
                for (int j = 0; j < k.length; j++) if (ubj[i + j] != k[j]) continue outer;
                return i + k.length + 4 + 9; // '[' '$' type '#', then 'L' and an 8-byte count
            }
            throw new AssertionError(key + " not found");
        }

        byte[] setInt(String key, int value) {
            return withNative(bytes, "xgboost-ubj", b -> {
                ByteBuffer.wrap(b).putInt(firstElement(b, key), value);
                return b;
            });
        }

        @Test
        void childIndexOutOfRangeIsRefused() {
            refused(TreeKind.XGBOOST, setInt("left_children", 1_000_000), "outside");
        }

        @Test
        void childPointingBackAtTheRootIsRefused() {
            refused(TreeKind.XGBOOST, setInt("left_children", 0), "outside");
        }

        @Test
        void splitFeatureBeyondTheModelIsRefused() {
            refused(TreeKind.XGBOOST, setInt("split_indices", 99), "splits on feature 99");
        }

        @Test
        void nonFiniteSplitValueIsRefused() {
            refused(TreeKind.XGBOOST, setInt("split_conditions", Float.floatToRawIntBits(Float.NaN)), "not finite");
        }

        @Test
        void truncatedOrOverlongLengthIsRefused() {
            refused(TreeKind.XGBOOST, withNative(bytes, "xgboost-ubj", b -> java.util.Arrays.copyOf(b, b.length - 7)), "truncated");
            refused(TreeKind.XGBOOST, withNative(bytes, "xgboost-ubj", b -> {
                ByteBuffer.wrap(b).putLong(firstElement(b, "left_children") - 8, 1L << 40);
                return b;
            }), "exceeds");
        }

        @Test
        void healthyBytesLoadToTheSamePredictions() {
            try (TrainedModel m = TreeKind.XGBOOST.trainer().load(ModelType.XGBOOST, bytes);
                 TrainedModel again = TreeKind.XGBOOST.trainer().load(ModelType.XGBOOST, m.serialize())) {
                assertThat(again.predict(PROBE)).containsExactly(m.predict(PROBE));
            }
        }
    }

    @Nested
    @DisplayName("LightGBM")
    class LightGbm {
        final byte[] bytes = trained(TreeKind.LIGHTGBM);

        byte[] edit(String regex, String replacement) {
            return withNative(bytes, "lightgbm-text", b -> {
                String s = new String(b, StandardCharsets.UTF_8);
                String edited = s.replaceFirst(regex, replacement);
                assertThat(edited).isNotEqualTo(s);
                return edited.getBytes(StandardCharsets.UTF_8);
            });
        }

        @Test
        void childIndexOutOfRangeIsRefused() {
            refused(TreeKind.LIGHTGBM, edit("left_child=-?\\d+", "left_child=4000"), "child node 4000");
        }

        @Test
        void cycleInTheTreeIsRefused() {
            refused(TreeKind.LIGHTGBM, edit("left_child=-?\\d+", "left_child=0"), "reached twice");
        }

        @Test
        void splitFeatureBeyondTheModelIsRefused() {
            refused(TreeKind.LIGHTGBM, edit("split_feature=\\d+", "split_feature=99"), "splits on feature 99");
        }

        @Test
        void nonFiniteOrMissingValuesAreRefused() {
            refused(TreeKind.LIGHTGBM, edit("leaf_value=[^ ]+", "leaf_value=nan"), "not a finite number");
            refused(TreeKind.LIGHTGBM, edit("leaf_value=[^ ]+ ", "leaf_value="), "values, expected");
            refused(TreeKind.LIGHTGBM, edit("decision_type=\\d+", "decision_type=1"), "decision type 1");
        }

        @Test
        void wrongTreeSizesNoLongerReachTheLoader() {
            // LightGBM cuts the text at tree_sizes offsets and aborts on bad ones; the rebuilt string has none
            try (TrainedModel m = TreeKind.LIGHTGBM.trainer().load(ModelType.LIGHTGBM, edit("tree_sizes=\\d+", "tree_sizes=3"));
                 TrainedModel healthy = TreeKind.LIGHTGBM.trainer().load(ModelType.LIGHTGBM, bytes)) {
                assertThat(m.predict(PROBE)).containsExactly(healthy.predict(PROBE));
            }
        }

        @Test
        void healthyBytesLoadToTheSamePredictionsAndSerializeUnchanged() {
            try (TrainedModel original = TreeKind.LIGHTGBM.trainer().train(ModelType.LIGHTGBM, TRAIN, VALIDATION, PARAMS);
                 TrainedModel m = TreeKind.LIGHTGBM.trainer().load(ModelType.LIGHTGBM, original.serialize())) {
                assertThat(m.predict(PROBE)).containsExactly(original.predict(PROBE));
                assertThat(m.serialize()).isEqualTo(original.serialize());
            }
        }
    }

    @Test
    void aRefusalCanNameTheVersion() {
        CorruptModelException e = new CorruptModelException(ModelType.LIGHTGBM, null, "tree 3 node 2 splits on feature 99");
        assertThat(e.withVersion("v7").getMessage()).contains("lightgbm").contains("'v7'").contains("tree 3 node 2 splits on feature 99");
        assertThat(e.withVersion("v7").version()).isEqualTo("v7");
    }
}
