package dev.clm.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.ClmEvent;
import dev.clm.api.DriftEvent;
import dev.clm.api.DriftEventStore;
import dev.clm.api.DriftSeverity;
import dev.clm.api.DriftType;
import dev.clm.api.EventTopics;
import dev.clm.api.ModelType;
import dev.clm.api.contract.MutableClock;
import dev.clm.events.InProcessEventBus;
import dev.clm.metrics.MicrometerClmMetrics;
import dev.clm.store.InMemoryDriftEventStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {
    private final MutableClock clock = MutableClock.at("2026-02-01T00:00:00Z");
    private final InProcessEventBus bus = new InProcessEventBus(clock);
    private final InMemoryDriftEventStore store = new InMemoryDriftEventStore();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<ClmEvent> events = new ArrayList<>();
    private final DriftDetector detector = new DriftDetector(DriftConfig.defaults());

    {
        bus.subscribe("learning.drift.*", events::add);
    }

    private DriftMonitor monitor(DriftEventStore s) {
        return new DriftMonitor(s, bus, DriftResponsePolicy.defaults(), new MicrometerClmMetrics(meters), clock);
    }

    private DriftReport shifted(int highFeatures, double shift) {
        Random r = new Random(8);
        double[][] ref = DriftDetectorTest.gaussianColumns(r, 6, 3000, 0, 1);
        double[][] cur = DriftDetectorTest.gaussianColumns(r, 6, 3000, 0, 1);
        for (int f = 0; f < highFeatures; f++) for (int i = 0; i < cur[f].length; i++) cur[f][i] += shift;
        return detector.featureDrift(ModelType.XGBOOST, DriftDetectorTest.names(6), ref, cur);
    }

    @Test
    void noDriftRecordsAndPublishesNothing() {
        assertThat(monitor(store).handle(shifted(0, 0))).isEqualTo(DriftAction.LOG);
        assertThat(store.since(Instant.EPOCH, 100)).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void mediumDriftAsksForAPartialRetrainOfTheModel() {
        DriftAction action = monitor(store).handle(shifted(1, 0.4));
        assertThat(action).isEqualTo(DriftAction.PARTIAL_RETRAIN);
        List<DriftEvent> rows = store.since(Instant.EPOCH, 100);
        assertThat(rows).singleElement().satisfies(e -> {
            assertThat(e.feature()).isEqualTo("f0");
            assertThat(e.severity()).isEqualTo(DriftSeverity.MEDIUM);
            assertThat(e.modelType()).isEqualTo(ModelType.XGBOOST);
            assertThat(e.action()).isEqualTo("PARTIAL_RETRAIN");
            assertThat(e.log10PValue()).isLessThan(-10);
        });
        assertThat(events).extracting(ClmEvent::topic).containsExactly(EventTopics.DRIFT_DETECTED);
        assertThat(events.get(0).payload()).containsEntry("severity", "MEDIUM").containsEntry("modelType", "xgboost")
                .containsEntry("feature", "f0").containsEntry("action", "PARTIAL_RETRAIN").containsEntry("driftType", "FEATURE");
        assertThat(meters.get("clm.drift.events").tag("severity", "MEDIUM").counter().count()).isEqualTo(1.0);
    }

    @Test
    void criticalDriftAlsoTellsTheEngineToStop() {
        DriftAction action = monitor(store).handle(shifted(3, 1.0));
        assertThat(action).isEqualTo(DriftAction.FULL_RETRAIN_AND_ALERT);
        assertThat(events).extracting(ClmEvent::topic).containsExactly(EventTopics.DRIFT_DETECTED, EventTopics.DRIFT_CRITICAL);
        assertThat(events.get(1).payload()).containsEntry("severity", "CRITICAL");
        assertThat(store.since(Instant.EPOCH, 100)).hasSize(3).allMatch(e -> e.severity() == DriftSeverity.HIGH);
    }

    @Test
    void aFailingStoreDoesNotSilenceTheEvents() {
        DriftEventStore broken = new DriftEventStore() {
            @Override public void record(DriftEvent event) { throw new IllegalStateException("database down"); }
            @Override public List<DriftEvent> since(Instant since, int limit) { return List.of(); }
        };
        assertThat(monitor(broken).handle(shifted(3, 1.0))).isEqualTo(DriftAction.FULL_RETRAIN_AND_ALERT);
        assertThat(events).extracting(ClmEvent::topic).contains(EventTopics.DRIFT_CRITICAL);
    }

    @Test
    void policyIsConfigurable() {
        DriftResponsePolicy cautious = DriftResponsePolicy.defaults().with(DriftSeverity.MEDIUM, DriftAction.LOG);
        DriftMonitor m = new DriftMonitor(store, bus, cautious, new MicrometerClmMetrics(meters), clock);
        assertThat(m.handle(shifted(1, 0.4))).isEqualTo(DriftAction.LOG);
        assertThat(events.get(0).payload()).containsEntry("action", "LOG");
        assertThat(detector.winrateDrift(ModelType.NHITS, 0.55, 100, 1000).driftType()).isEqualTo(DriftType.PERFORMANCE);
    }
}
