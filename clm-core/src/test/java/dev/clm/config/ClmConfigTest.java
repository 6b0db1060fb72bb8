package dev.clm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.RetrainingType;
import dev.clm.drift.DriftConfig;
import dev.clm.features.FeatureConfig;
import dev.clm.shadow.LossFunction;
import dev.clm.shadow.ShadowPolicyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClmConfigTest {

    @Nested
    @DisplayName("the tree")
    class Tree {
        @Test
        @DisplayName("defaults are the design values")
        void defaultsAreTheDesignValues() {
            ClmConfig c = ClmConfig.defaults();
            assertThat(c.triggers().retrainInterval()).isEqualTo(Duration.ofDays(7));
            assertThat(c.shadow().minImprovement()).isEqualTo(0.02);
            assertThat(c.cycle().trainingLookback()).isEqualTo(Duration.ofDays(90));
            assertThat(c.triggers().dataThresholdBars()).isEqualTo(10_000);
            assertThat(c.triggers().performanceAlpha()).isEqualTo(0.05);
            assertThat(c.shadow().minSamples()).isEqualTo(100);
            assertThat(c.shadow().alpha()).isEqualTo(0.05);
            assertThat(c.drift().alpha()).isEqualTo(0.05);
            assertThat(c.drift().psiMedium()).isEqualTo(0.1);
            assertThat(c.drift().psiHigh()).isEqualTo(0.25);
            assertThat(c.schedule().retraining()).isEqualTo(Duration.ofHours(168));
            assertThat(c.schedule().driftCheck()).isEqualTo(Duration.ofHours(24));
            assertThat(c.schedule().performanceCheck()).isEqualTo(Duration.ofHours(6));
            assertThat(c.schedule().shadowPromotion()).isEqualTo(Duration.ofHours(1));
            assertThat(c.schedule().autoRetraining()).isTrue();
            assertThat(c.shadow().autoPromote()).isTrue();
            assertThat(c.features()).isEqualTo(FeatureConfig.defaults());
        }

        @Test
        @DisplayName("every setting has a dotted key, a CLM_ variable, a default and a meaning; keys and variables are unique")
        void everySettingIsListed() {
            List<ClmConfig.Setting> all = ClmConfig.settings();
            assertThat(all).hasSizeGreaterThan(80);
            assertThat(all).extracting(ClmConfig.Setting::key).doesNotHaveDuplicates().allMatch(k -> k.matches("[a-z]+\\.[a-z0-9-]+"));
            assertThat(all).extracting(ClmConfig.Setting::environmentVariable).doesNotHaveDuplicates()
                    .allMatch(v -> v.matches("CLM_[A-Z0-9_]+"));
            assertThat(all).allSatisfy(s -> assertThat(s.description()).as(s.key()).isNotBlank());
            assertThat(all).extracting(ClmConfig.Setting::key).contains("shadow.min-samples", "drift.psi-high", "split.min-rows",
                    "cycle.incremental-min-rows", "triggers.performance-min-rows", "recorder.ring-capacity", "supervisor.min-winrate",
                    "schedule.tick", "features.horizon", "rl.min-reset-interval", "storage.jdbc-url");
            assertThat(ClmConfig.environmentVariable("shadow.min-samples")).isEqualTo("CLM_SHADOW_MIN_SAMPLES");
        }

        @Test
        @DisplayName("the table prints every setting with value, default and variable, and marks changed values")
        void table() {
            ClmConfig c = ClmConfig.builder().set("shadow.min-samples", "250").build();
            String table = c.toTable();
            for (ClmConfig.Setting s : ClmConfig.settings()) assertThat(table).contains(s.key()).contains(s.environmentVariable());
            assertThat(table.lines().filter(l -> l.startsWith("shadow.min-samples ")).findFirst().orElseThrow())
                    .contains("250 *").contains("100").contains("CLM_SHADOW_MIN_SAMPLES");
            assertThat(c.changedKeys()).containsExactly("shadow.min-samples");
        }

        @Test
        @DisplayName("toBuilder keeps everything")
        void toBuilderKeepsEverything() {
            ClmConfig c = ClmConfig.builder().minImprovement(0.05).retrainingType(RetrainingType.INCREMENTAL)
                    .set("features.rsi-periods", "7,14").set("drift.correction", "bonferroni").build();
            assertThat(c.toBuilder().build()).isEqualTo(c);
            assertThat(c.toBuilder().build().asMap()).isEqualTo(c.asMap());
        }

        @Test
        @DisplayName("every setting round-trips through its environment variable")
        void everySettingRoundTripsThroughItsVariable() {
            ClmConfig c = ClmConfig.builder().retrainInterval(Duration.ofHours(36)).psiHigh(0.4).embargoBars(3)
                    .set("shadow.loss", "SQUARED").set("features.ma-periods", "5,50").set("storage.data-directory", "/tmp/x").build();
            Map<String, String> env = new HashMap<>();
            for (ClmConfig.Setting s : ClmConfig.settings()) env.put(s.environmentVariable(), c.get(s.key()));
            assertThat(ConfigLoader.load(null, env).asMap()).isEqualTo(c.asMap());
        }

        @Test
        @DisplayName("whole sections can be set as records")
        void sections() {
            ClmConfig c = ClmConfig.builder().shadow(ShadowPolicyConfig.defaults().withLoss(LossFunction.SQUARED))
                    .drift(DriftConfig.builder().bins(20).build()).build();
            assertThat(c.get("shadow.loss")).isEqualTo("SQUARED");
            assertThat(c.get("drift.bins")).isEqualTo("20");
        }
    }

    @Nested
    @DisplayName("strict validation")
    class Strict {
        @Test
        @DisplayName("bad values name the dotted key, the value and the range")
        void badValuesNameTheSettingAndTheRange() {
            assertThatThrownBy(() -> ClmConfig.builder().minImprovement(1.5)).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("shadow.min-improvement").hasMessageContaining("1.5").hasMessageContaining("[0, 1)");
            assertThatThrownBy(() -> ClmConfig.builder().retrainInterval(Duration.ZERO)).hasMessageContaining("triggers.retrain-interval");
            assertThatThrownBy(() -> ClmConfig.builder().performanceAlpha(1.0)).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("triggers.performance-alpha").hasMessageContaining("0.5");
            assertThat(ClmConfig.builder().performanceAlpha(0.5).build().performanceAlpha()).isEqualTo(0.5);
            assertThatThrownBy(() -> ClmConfig.builder().psiModerate(0.3).psiHigh(0.2).build()).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("drift.psi-medium").hasMessageContaining("psiHigh");
            assertThatThrownBy(() -> ClmConfig.builder().validationFraction(0.45).testFraction(0.45).build())
                    .hasMessageContaining("split.test-fraction");
            assertThatThrownBy(() -> ClmConfig.builder().set("recorder.ring-capacity", "1000").build())
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining("recorder.ring-capacity").hasMessageContaining("power of two");
        }

        @Test
        @DisplayName("related bounds can move together: psi-medium above the old psi-high is fine when psi-high moves too")
        void relatedBoundsMoveTogether() {
            ClmConfig c = ClmConfig.builder().set("drift.psi-medium", "0.3").set("drift.psi-high", "0.5").build();
            assertThat(c.drift().psiMedium()).isEqualTo(0.3);
            assertThat(c.drift().psiHigh()).isEqualTo(0.5);
        }

        @Test
        @DisplayName("shadow settings out of the policy's range are refused, never clamped (min-samples >= 3, min-improvement < 1, alpha < 0.5)")
        void noClamps() {
            assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLM_SHADOW_MIN_SAMPLES", "2")))
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining("shadow.min-samples").hasMessageContaining(">= 3");
            // values inside the policy's range are taken as given (they used to be cut to 0.999 and 0.499)
            assertThat(ConfigLoader.load(null, Map.of("CLM_SHADOW_MIN_IMPROVEMENT", "0.9995")).shadow().minImprovement()).isEqualTo(0.9995);
            assertThat(ClmConfig.builder().significanceLevel(0.4999).build().shadow().alpha()).isEqualTo(0.4999);
            assertThatThrownBy(() -> ClmConfig.builder().minImprovement(1.0)).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("shadow.min-improvement");
            assertThatThrownBy(() -> ClmConfig.builder().significanceLevel(0.5))
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining("shadow.alpha");
            assertThatThrownBy(() -> ClmConfig.builder().shadowMinSamples(2)).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("shadow.min-samples");
        }

        @Test
        @DisplayName("an integer that overflows is refused, never wrapped (4294967297 does not become 1)")
        void overflowIsRefused() {
            assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLM_SHADOW_MIN_SAMPLES", "4294967297")))
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining("shadow.min-samples")
                    .hasMessageContaining("4294967297").hasMessageContaining("CLM_SHADOW_MIN_SAMPLES");
            assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLM_SHADOW_MIN_PREDICTIONS", "4294967297")))
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining("CLM_SHADOW_MIN_PREDICTIONS");
            assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLM_TRIGGERS_DATA_THRESHOLD_BARS", "9223372036854775808")))
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining("triggers.data-threshold-bars");
            assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLM_FEATURES_HORIZON", "4294967297")))
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining("features.horizon");
        }

        @Test
        @DisplayName("a bad environment value names the variable and the key")
        void badEnvironmentValueNamesTheVariable() {
            assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLM_TRIGGERS_RETRAIN_INTERVAL", "soon")))
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining("triggers.retrain-interval")
                    .hasMessageContaining("soon").hasMessageContaining("CLM_TRIGGERS_RETRAIN_INTERVAL");
        }

        @Test
        @DisplayName("shadow-window is no setting: nothing read it, so a file or variable setting it is refused")
        void shadowWindowIsGone() {
            assertThat(ClmConfig.settings()).extracting(ClmConfig.Setting::key).noneMatch(k -> k.endsWith(".window") || k.endsWith("shadow-window"));
            assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLM_SHADOW_WINDOW", "PT12H")))
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining("CLM_SHADOW_WINDOW").hasMessageContaining("nothing ever read it");
        }

        @Test
        @DisplayName("shadow-window in a file is refused")
        void shadowWindowInAFile(@TempDir Path dir) throws Exception {
            Path f = dir.resolve("clm.properties");
            Files.writeString(f, "shadow-window = 24h\n");
            assertThatThrownBy(() -> ConfigLoader.load(f, Map.of())).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("shadow-window");
        }

        @Test
        @DisplayName("an unknown key in a file is an error naming it and the keys of its section")
        void unknownFileKeyIsAnError(@TempDir Path dir) throws Exception {
            Path f = dir.resolve("clm.properties");
            Files.writeString(f, "retrain-intervall = 7d\n");
            assertThatThrownBy(() -> ConfigLoader.load(f, Map.of())).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("retrain-intervall");
            Path g = dir.resolve("clm.yaml");
            Files.writeString(g, "shadow:\n  min-sample: 3\n");
            assertThatThrownBy(() -> ConfigLoader.load(g, Map.of())).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("shadow.min-sample").hasMessageContaining("min-samples");
        }

        @Test
        @DisplayName("a key given twice in a file, also in two spellings, is an error naming both")
        void duplicates(@TempDir Path dir) throws Exception {
            Path p = dir.resolve("clm.properties");
            Files.writeString(p, "retrain-interval = 7d\nretrain_interval = 14d\n");
            assertThatThrownBy(() -> ConfigLoader.load(p, Map.of())).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("retrain-interval").hasMessageContaining("retrain_interval");
            Path same = dir.resolve("same.properties");
            Files.writeString(same, "shadow.alpha = 0.05\nshadow.alpha = 0.01\n");
            assertThatThrownBy(() -> ConfigLoader.load(same, Map.of())).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("shadow.alpha");
            Path y = dir.resolve("clm.yaml");
            Files.writeString(y, "triggers:\n  retrain-interval: 7d\ntriggers.retrain_interval: 14d\n");
            assertThatThrownBy(() -> ConfigLoader.load(y, Map.of())).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("triggers.retrain-interval");
            Path y2 = dir.resolve("twice.yaml");
            Files.writeString(y2, "shadow:\n  alpha: 0.05\n  alpha: 0.01\n");
            assertThatThrownBy(() -> ConfigLoader.load(y2, Map.of())).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("alpha");
            assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLM_RETRAIN_INTERVAL", "7d", "CLM_TRIGGERS_RETRAIN_INTERVAL", "3d")))
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining("CLM_RETRAIN_INTERVAL")
                    .hasMessageContaining("CLM_TRIGGERS_RETRAIN_INTERVAL");
        }
    }

    @Nested
    @DisplayName("loading")
    class Loading {
        @Test
        @DisplayName("environment variables override the defaults; the flat names of earlier versions still work")
        void environmentOverridesDefaults() {
            ClmConfig c = ConfigLoader.load(null, Map.of("CLM_RETRAIN_INTERVAL", "3d", "CLM_SHADOW_MIN_IMPROVEMENT", "0.05",
                    "CLM_AUTO_PROMOTION", "false", "CLM_CYCLE_RETRAINING_TYPE", "incremental",
                    "CLM_PG_TESTS", "true", "PATH", "/usr/bin", "CLM_SOMETHING_ELSE", "x"));
            assertThat(c.triggers().retrainInterval()).isEqualTo(Duration.ofDays(3));
            assertThat(c.shadow().minImprovement()).isEqualTo(0.05);
            assertThat(c.shadow().autoPromote()).isFalse();
            assertThat(c.cycle().retrainingType()).isEqualTo(RetrainingType.INCREMENTAL);
        }

        @Test
        @DisplayName("a YAML file (nested or dotted keys, comments, lists), then the environment")
        void yamlThenEnvironment(@TempDir Path dir) throws Exception {
            Path yaml = dir.resolve("clm.yaml");
            Files.writeString(yaml, """
                    # clm settings
                    clm:
                      triggers:
                        retrain-interval: 14d   # two weeks
                        data-threshold-bars: 20000
                      shadow.min-improvement: 0.03
                      features:
                        rsi-periods: [7, 14]
                      drift:
                        psi-medium: 0.3
                        psi-high: 0.5
                    """);
            ClmConfig c = ConfigLoader.load(yaml, Map.of("CLM_SHADOW_MIN_IMPROVEMENT", "0.04"));
            assertThat(c.triggers().retrainInterval()).isEqualTo(Duration.ofDays(14));
            assertThat(c.triggers().dataThresholdBars()).isEqualTo(20_000);
            assertThat(c.shadow().minImprovement()).isEqualTo(0.04);
            assertThat(c.features().rsiPeriods()).containsExactly(7, 14);
            assertThat(c.drift().psiHigh()).isEqualTo(0.5);
        }

        @Test
        @DisplayName("a properties file; keys may use _ or camelCase, and a clm. prefix")
        void properties(@TempDir Path dir) throws Exception {
            Path props = dir.resolve("clm.properties");
            Files.writeString(props, "# comment\nclm.schedule.drift-check = 12h\nshadow.min_samples=1000\nsplit.minRows=50\n");
            ClmConfig p = ConfigLoader.load(props, Map.of());
            assertThat(p.schedule().driftCheck()).isEqualTo(Duration.ofHours(12));
            assertThat(p.shadow().minSamples()).isEqualTo(1000);
            assertThat(p.split().minRows()).isEqualTo(50);
        }

        @Test
        @DisplayName("CLM_CONFIG names the file fromEnvironment loads")
        void clmConfigNamesTheFile(@TempDir Path dir) throws Exception {
            Path f = dir.resolve("prod.properties");
            Files.writeString(f, "shadow.min-samples = 400\n");
            ClmConfig c = ConfigLoader.fromEnvironment(Map.of("CLM_CONFIG", f.toString(), "CLM_SHADOW_ALPHA", "0.01"));
            assertThat(c.shadow().minSamples()).isEqualTo(400);
            assertThat(c.shadow().alpha()).isEqualTo(0.01);
            assertThatThrownBy(() -> ConfigLoader.fromEnvironment(Map.of("CLM_CONFIG", dir.resolve("missing.yaml").toString())))
                    .hasMessageContaining("missing.yaml");
        }

        @Test
        @DisplayName("CLM_JDBC_URL and CLM_DATA_DIR are the storage settings (read by ClmDatabase.open)")
        void storageVariables() {
            ClmConfig c = ConfigLoader.load(null, Map.of("CLM_JDBC_URL", "jdbc:h2:mem:x", "CLM_DATA_DIR", "/var/clm"));
            assertThat(c.storage().jdbcUrl()).isEqualTo("jdbc:h2:mem:x");
            assertThat(c.storage().dataDirectory()).isEqualTo(Path.of("/var/clm"));
            assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLM_STORAGE_JDBC_URL", "mysql://db")))
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining("storage.jdbc-url");
        }
    }
}
