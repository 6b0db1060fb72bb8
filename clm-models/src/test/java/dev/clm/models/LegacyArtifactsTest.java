package dev.clm.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.api.contract.TestDatasets;
import dev.clm.models.djl.ReturnSeriesDatasets;
import dev.clm.models.lightgbm.LightGBMTrainer;
import dev.clm.models.nhits.NHitsTrainer;
import dev.clm.models.patchtst.PatchTstTrainer;
import dev.clm.models.xgboost.XGBoostTrainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Model bytes written by earlier versions of clm (the first artifact formats: the tree envelope
 * "CLMM" v1 and the neural envelope "CLMDJL01", captured in src/test/resources/legacy-artifacts
 * with their predictions on a fixed probe) still load and predict the same.
 */
@DisplayName("artifacts written by earlier versions stay loadable")
class LegacyArtifactsTest {
    static final long T0 = 1_700_000_000_000L, HOUR = 3_600_000L;

    static byte[] resource(String name) throws IOException {
        try (InputStream in = LegacyArtifactsTest.class.getResourceAsStream("/legacy-artifacts/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    static double[] expected(String name) throws IOException {
        return new String(resource(name + ".predictions"), StandardCharsets.UTF_8).lines().mapToDouble(Double::parseDouble).toArray();
    }

    static void check(String name, ModelTrainer trainer, ModelType type, Dataset probe, double tolerance) throws IOException {
        try (TrainedModel m = trainer.load(type, resource(name + ".bin"))) {
            assertThat(m.type()).isEqualTo(type);
            double[] want = expected(name);
            double[] got = m.predict(probe);
            assertThat(got).hasSize(want.length);
            if (tolerance == 0) {
                assertThat(got).containsExactly(want);
            } else {
                for (int i = 0; i < want.length; i++) assertThat(got[i]).isCloseTo(want[i], within(tolerance));
            }
            assertThat(m.featureNames()).isEqualTo(probe.featureNames());
        }
    }

    static Dataset treeProbe() {
        return TestDatasets.linear(40, 8, 1.0, 0.5, 3, T0 + 1000 * HOUR);
    }

    static Dataset sequenceProbe() {
        return ReturnSeriesDatasets.planted(40, 32, 3, T0 + 800 * HOUR);
    }

    @Test
    @DisplayName("an XGBoost model of the CLMM v1 envelope")
    void xgboost() throws IOException {
        check("xgboost", new XGBoostTrainer(), ModelType.XGBOOST, treeProbe(), 0);
    }

    @Test
    @DisplayName("a LightGBM model of the CLMM v1 envelope")
    void lightgbm() throws IOException {
        check("lightgbm", new LightGBMTrainer(), ModelType.LIGHTGBM, treeProbe(), 0);
    }

    @Test
    @DisplayName("an N-HiTS model of the CLMDJL01 envelope")
    void nhits() throws IOException {
        check("nhits", new NHitsTrainer(), ModelType.NHITS, sequenceProbe(), 1e-6);
    }

    @Test
    @DisplayName("a PatchTST model of the CLMDJL01 envelope")
    void patchtst() throws IOException {
        check("patchtst", new PatchTstTrainer(), ModelType.PATCHTST, sequenceProbe(), 1e-6);
    }
}
