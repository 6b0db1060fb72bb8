package dev.clm.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.DriftSeverity;
import dev.clm.api.DriftType;
import dev.clm.api.ModelType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ClmMetricsTest {

    @Test
    void micrometerMetersHaveTheDocumentedNames() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ClmMetrics m = new MicrometerClmMetrics(registry);
        m.retrain(ModelType.XGBOOST, true, Duration.ofSeconds(42));
        m.retrain(ModelType.XGBOOST, false, Duration.ofSeconds(3));
        m.promotion(ModelType.XGBOOST);
        m.failure(ModelType.LIGHTGBM, "training");
        m.driftEvent(DriftType.FEATURE, DriftSeverity.HIGH);
        m.driftEvent(DriftType.FEATURE, DriftSeverity.NONE);
        m.supervisorDropped(ModelType.XGBOOST, 7);
        m.activeModelAge(ModelType.XGBOOST, () -> 3600.0);
        assertThat(registry.get("clm.retrains").tag("outcome", "success").counter().count()).isEqualTo(1);
        assertThat(registry.get("clm.retrains").tag("outcome", "failure").counter().count()).isEqualTo(1);
        assertThat(registry.get("clm.training.duration").timer().totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(45.0);
        assertThat(registry.get("clm.promotions").counter().count()).isEqualTo(1);
        assertThat(registry.get("clm.failures").tag("stage", "training").tag("model", "lightgbm").counter().count()).isEqualTo(1);
        assertThat(registry.get("clm.drift.events").counters()).hasSize(1);
        assertThat(registry.get("clm.supervisor.dropped").counter().count()).isEqualTo(7);
        assertThat(registry.get("clm.active.model.age").gauge().value()).isEqualTo(3600.0);
    }

    @Test
    void noopAcceptsEverything() {
        ClmMetrics m = ClmMetrics.noop();
        m.retrain(ModelType.XGBOOST, true, Duration.ZERO);
        m.activeModelAge(ModelType.XGBOOST, () -> null);
        assertThat(m).isSameAs(ClmMetrics.noop());
    }

    @Test
    void onlyMicrometerClmMetricsReferencesMicrometer() throws IOException {
        // Micrometer is optional: no other compiled clm-core class may link against it
        Path classes = Path.of(ClmMetrics.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(classes)) {
            offenders = files.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> !p.getFileName().toString().startsWith("MicrometerClmMetrics"))
                    .filter(p -> {
                        try {
                            return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains("io/micrometer");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).toList();
        }
        assertThat(offenders).isEmpty();
    }
}
