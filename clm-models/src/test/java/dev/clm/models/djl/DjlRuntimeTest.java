package dev.clm.models.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.util.Utils;
import org.junit.jupiter.api.Test;

class DjlRuntimeTest {
    @Test
    void engineIsPyTorchOfflineWithTrackingOff() {
        assertThat(DjlRuntime.engine().getEngineName()).isEqualTo(DjlRuntime.ENGINE);
        assertThat(Utils.isOfflineMode()).isTrue();
        assertThat(Utils.getEnvOrSystemProperty("OPT_OUT_TRACKING")).isEqualTo("true");
        assertThat(Utils.getEnvOrSystemProperty("DJL_CACHE_DIR")).isNotBlank();
    }

    @Test
    void userSettingsWin() {
        String before = System.getProperty("DJL_CACHE_DIR");
        System.setProperty("DJL_CACHE_DIR", "/somewhere/else");
        try {
            DjlRuntime.applyOfflineDefaults();
            assertThat(System.getProperty("DJL_CACHE_DIR")).isEqualTo("/somewhere/else");
        } finally {
            if (before == null) System.clearProperty("DJL_CACHE_DIR"); else System.setProperty("DJL_CACHE_DIR", before);
        }
    }
}
