package dev.clm.models.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.models.ModelEnvelope;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The neural format of earlier versions ("CLMDJL01") is read into today's envelope. */
class LegacyNeuralEnvelopeTest {

    /** Bytes in the layout earlier versions wrote (the layout is in {@link LegacyNeuralEnvelope}). */
    static byte[] legacy(String header, byte[] weights) throws IOException {
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bos)) {
            out.write(LegacyNeuralEnvelope.MAGIC);
            out.writeInt(head.length);
            out.write(head);
            out.writeInt(weights.length);
            out.write(weights);
        }
        return bos.toByteArray();
    }

    @Test
    @DisplayName("an N-HiTS model written by an earlier version converts: format, features, provenance, properties")
    void convertsACapturedModel() throws IOException {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/legacy-artifacts/nhits.bin")) {
            bytes = in.readAllBytes();
        }
        assertThat(LegacyNeuralEnvelope.matches(bytes)).isTrue();
        ModelEnvelope e = LegacyNeuralEnvelope.read(bytes);
        assertThat(e.featureNames()).hasSize(34).contains("ret_lag_0", "ret_lag_31");
        assertThat(e.properties()).containsKeys("model_type", "input_scale", "label_scale", "param.input_size");
        assertThat(e.properties().keySet()).noneMatch(k -> k.startsWith("feature.") || k.startsWith("provenance."));
        assertThat(e.provenance()).containsKey("seed");
        assertThat(e.nativeModel()).isNotEmpty();
    }

    @Test
    @DisplayName("escaped header values are restored; truncated, padded and short bytes are refused saying why")
    void escapesAndBadBytes() throws IOException {
        byte[] good = legacy("format=clm-test-v1\nfeature_count=1\nfeature.0=a=b\\\\c\\nnext\nprovenance.k=v\nmodel_type=x\n", new byte[64]);
        ModelEnvelope e = LegacyNeuralEnvelope.read(good);
        assertThat(e.format()).isEqualTo("clm-test-v1");
        assertThat(e.featureNames()).containsExactly("a=b\\c\nnext");
        assertThat(e.provenance()).containsEntry("k", "v");
        assertThat(e.properties()).containsEntry("model_type", "x");
        assertThatThrownBy(() -> LegacyNeuralEnvelope.read(new byte[3])).hasMessageContaining("too short");
        assertThatThrownBy(() -> LegacyNeuralEnvelope.read(Arrays.copyOf(good, good.length - 10))).hasMessageContaining("weights");
        assertThatThrownBy(() -> LegacyNeuralEnvelope.read(Arrays.copyOf(good, good.length + 2))).hasMessageContaining("trailing");
        assertThatThrownBy(() -> LegacyNeuralEnvelope.read(legacy("format=x\n", new byte[4]))).hasMessageContaining("feature_count");
    }
}
