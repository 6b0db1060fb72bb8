package dev.clm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.RetrainingType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClmConfigTest {
    @Test
    void defaultsAreTheDesignValues() {
        ClmConfig c = ClmConfig.defaults();
        assertThat(c.retrainInterval()).isEqualTo(Duration.ofDays(7));
        assertThat(c.shadowWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(c.minImprovement()).isEqualTo(0.02);
        assertThat(c.trainingLookback()).isEqualTo(Duration.ofDays(90));
        assertThat(c.dataThresholdBars()).isEqualTo(10_000);
        assertThat(c.performanceDecay()).isEqualTo(0.05);
        assertThat(c.shadowMinPredictions()).isEqualTo(100);
        assertThat(c.driftPValueThreshold()).isEqualTo(0.05);
        assertThat(c.psiModerate()).isEqualTo(0.1);
        assertThat(c.psiHigh()).isEqualTo(0.25);
        assertThat(c.retrainSchedule()).isEqualTo(Duration.ofHours(168));
        assertThat(c.driftSchedule()).isEqualTo(Duration.ofHours(24));
        assertThat(c.performanceSchedule()).isEqualTo(Duration.ofHours(6));
        assertThat(c.shadowPromotionSchedule()).isEqualTo(Duration.ofHours(1));
        assertThat(c.autoRetraining()).isTrue();
        assertThat(c.autoPromotion()).isTrue();
    }

    @Test
    void badValuesNameTheSettingAndTheRange() {
        assertThatThrownBy(() -> ClmConfig.builder().minImprovement(1.5)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("minImprovement").hasMessageContaining("1.5").hasMessageContaining("[0.0, 1.0]");
        assertThatThrownBy(() -> ClmConfig.builder().retrainInterval(Duration.ZERO)).hasMessageContaining("retrainInterval");
        assertThatThrownBy(() -> ClmConfig.builder().shadowMinPredictions(0)).hasMessageContaining("shadowMinPredictions");
        assertThatThrownBy(() -> ClmConfig.builder().performanceDecay(1.0)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("performanceDecay").hasMessageContaining("0.5");
        assertThat(ClmConfig.builder().performanceDecay(0.5).build().performanceDecay()).isEqualTo(0.5);
        assertThatThrownBy(() -> ClmConfig.builder().psiModerate(0.3).psiHigh(0.2).build()).hasMessageContaining("psiHigh");
        assertThatThrownBy(() -> ClmConfig.builder().validationFraction(0.45).testFraction(0.45).build())
                .hasMessageContaining("testFraction");
    }

    @Test
    void toBuilderKeepsEverything() {
        ClmConfig c = ClmConfig.builder().minImprovement(0.05).retrainingType(RetrainingType.INCREMENTAL).build();
        assertThat(c.toBuilder().build().asMap()).isEqualTo(c.asMap());
    }

    @Test
    void environmentOverridesDefaults() {
        ClmConfig c = ConfigLoader.load(null, Map.of("CLM_RETRAIN_INTERVAL", "3d", "CLM_MIN_IMPROVEMENT", "0.05",
                "CLM_AUTO_PROMOTION", "false", "CLM_SHADOW_WINDOW", "PT12H", "CLM_RETRAINING_TYPE", "incremental",
                "CLM_PG_TESTS", "true", "PATH", "/usr/bin"));
        assertThat(c.retrainInterval()).isEqualTo(Duration.ofDays(3));
        assertThat(c.minImprovement()).isEqualTo(0.05);
        assertThat(c.autoPromotion()).isFalse();
        assertThat(c.shadowWindow()).isEqualTo(Duration.ofHours(12));
        assertThat(c.retrainingType()).isEqualTo(RetrainingType.INCREMENTAL);
    }

    @Test
    void badEnvironmentValueNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLM_RETRAIN_INTERVAL", "soon")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("retrain-interval").hasMessageContaining("soon");
    }

    @Test
    void fileThenEnvironment(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("clm.yaml");
        Files.writeString(yaml, "clm:\n  retrain-interval: 14d\n  data-threshold-bars: 20000\n  min-improvement: 0.03\n");
        ClmConfig c = ConfigLoader.load(yaml, Map.of("CLM_MIN_IMPROVEMENT", "0.04"));
        assertThat(c.retrainInterval()).isEqualTo(Duration.ofDays(14));
        assertThat(c.dataThresholdBars()).isEqualTo(20_000);
        assertThat(c.minImprovement()).isEqualTo(0.04);
        Path props = dir.resolve("clm.properties");
        Files.writeString(props, "# comment\nclm.drift-schedule = 12h\nshadow_min_predictions=1000\n");
        ClmConfig p = ConfigLoader.load(props, Map.of());
        assertThat(p.driftSchedule()).isEqualTo(Duration.ofHours(12));
        assertThat(p.shadowMinPredictions()).isEqualTo(1000);
    }

    @Test
    void unknownFileKeyIsAnError(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("clm.properties");
        Files.writeString(f, "retrain-intervall = 7d\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of())).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("retrain-intervall");
    }

    @Test
    void everySettingHasAnEnvironmentVariableAndRoundTripsThroughIt() {
        ClmConfig c = ClmConfig.builder().retrainInterval(Duration.ofHours(36)).psiHigh(0.4).embargoBars(3).build();
        Map<String, String> env = new java.util.HashMap<>();
        for (ConfigSetting s : ConfigSetting.values()) env.put(s.environmentVariable(), c.asMap().get(s.propertyName()));
        assertThat(ConfigLoader.load(null, env).asMap()).isEqualTo(c.asMap());
    }
}
