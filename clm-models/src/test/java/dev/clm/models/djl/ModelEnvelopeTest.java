package dev.clm.models.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelEnvelopeTest {
    @Test
    void roundTripsHeaderWithAwkwardCharactersAndWeights() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("format", "clm-test-v1");
        h.put("feature.0", "a=b\\c\nnext line\r,é");
        h.put("empty", "");
        byte[] weights = {0, 1, 2, (byte) 0xFF, 42};
        ModelEnvelope back = ModelEnvelope.fromBytes(new ModelEnvelope(h, weights).toBytes());
        assertThat(back.header()).containsExactlyEntriesOf(h);
        assertThat(back.weights()).containsExactly(weights);
    }

    @Test
    void startsWithItsMagicNotJavaSerialization() {
        byte[] b = new ModelEnvelope(Map.of("k", "v"), new byte[3]).toBytes();
        assertThat(new String(Arrays.copyOf(b, 8), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("CLMDJL01");
    }

    @Test
    void rejectsForeignTruncatedAndPaddedBytesSayingWhy() {
        byte[] good = new ModelEnvelope(Map.of("k", "v"), new byte[64]).toBytes();
        assertThatThrownBy(() -> ModelEnvelope.fromBytes(new byte[3])).hasMessageContaining("too short");
        byte[] foreign = good.clone();
        foreign[0] = 'X';
        assertThatThrownBy(() -> ModelEnvelope.fromBytes(foreign)).hasMessageContaining("magic");
        assertThatThrownBy(() -> ModelEnvelope.fromBytes(Arrays.copyOf(good, good.length - 10))).hasMessageContaining("weights");
        assertThatThrownBy(() -> ModelEnvelope.fromBytes(Arrays.copyOf(good, good.length + 2))).hasMessageContaining("trailing");
    }

    @Test
    void missingHeaderEntryIsNamed() {
        ModelEnvelope e = new ModelEnvelope(Map.of("k", "v"), new byte[0]);
        assertThatThrownBy(() -> e.require("input_scale")).hasMessageContaining("input_scale");
    }
}
