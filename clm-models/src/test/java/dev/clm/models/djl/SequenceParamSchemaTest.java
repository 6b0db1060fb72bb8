package dev.clm.models.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.ModelType;
import dev.clm.api.ParamSchema;
import dev.clm.api.ResolvedParams;
import dev.clm.models.nhits.NHitsArchitecture;
import dev.clm.models.patchtst.PatchTstArchitecture;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequenceParamSchemaTest {
    private final NHitsArchitecture nhits = new NHitsArchitecture();
    private final PatchTstArchitecture patchTst = new PatchTstArchitecture();

    @Test
    void defaultsFollowThePapersAndTheReferenceConfig() {
        assertThat(nhits.params().defaults()).containsEntry("input_size", "120").containsEntry("horizon", "24")
                .containsEntry("stacks", "3").containsEntry("seed", "42");
        assertThat(patchTst.params().defaults()).containsEntry("patch_length", "16").containsEntry("stride", "8");
        assertThat(nhits.params().namesTagged(SequenceArchitecture.ARCHITECTURE)).contains("hidden_size").doesNotContain("epochs", "dropout");
    }

    @Test
    void unknownBadAndOutOfRangeValuesAreNamed() {
        ParamSchema spec = nhits.params();
        assertThatThrownBy(() -> spec.resolve(Map.of("hiden_size", "3"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hiden_size").hasMessageContaining(ModelType.NHITS.name());
        assertThatThrownBy(() -> spec.resolve(Map.of("epochs", "ten"))).hasMessageContaining("epochs").hasMessageContaining("ten");
        assertThatThrownBy(() -> spec.resolve(Map.of("batch_size", "0"))).hasMessageContaining("batch_size").hasMessageContaining("[1, 65536]");
        assertThatThrownBy(() -> spec.resolve(Map.of("pool_kernel_sizes", "4,x,1"))).hasMessageContaining("pool_kernel_sizes");
    }

    @Test
    void contradictoryArchitecturesAreRejectedByName() {
        assertThatThrownBy(() -> nhits.build(nhits.params().resolve(Map.of("pool_kernel_sizes", "2,1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pool_kernel_sizes").hasMessageContaining("stacks");
        assertThatThrownBy(() -> patchTst.build(patchTst.params().resolve(Map.of("d_model", "30", "heads", "4"))))
                .hasMessageContaining("d_model").hasMessageContaining("heads");
        assertThatThrownBy(() -> patchTst.build(patchTst.params().resolve(Map.of("input_size", "8"))))
                .hasMessageContaining("patch_length");
    }

    @Test
    void resolvedValuesIncludeEveryDefault() {
        ResolvedParams r = nhits.params().resolve(Map.of("epochs", "3"));
        assertThat(r.asMap()).containsOnlyKeys(nhits.params().params().keySet());
        assertThat(r.intValue("epochs")).isEqualTo(3);
        assertThat(r.intList("freq_downsample")).containsExactly(12, 4, 1);
    }
}
