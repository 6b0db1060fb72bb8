package dev.clm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.ClmEvent;
import dev.clm.api.CycleReport;
import dev.clm.api.EventPublisher;
import dev.clm.api.EventTopics;
import dev.clm.api.MarketData;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.PromotionResult;
import dev.clm.api.RetrainingJob;
import dev.clm.api.RetrainingType;
import dev.clm.api.ShadowDecision;
import dev.clm.api.Subscription;
import dev.clm.api.contract.MutableClock;
import dev.clm.config.ClmConfig;
import dev.clm.data.SyntheticDataClient;
import dev.clm.events.InProcessEventBus;
import dev.clm.metrics.MicrometerClmMetrics;
import dev.clm.shadow.ShadowPromotionRefusedException;
import dev.clm.testing.ScriptedTrainer;
import dev.clm.testing.SimpleFeatureEngineer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One decision path: every way to ACTIVE goes through the promoter, the manual call and the
 * hourly job decide a shadow alike, metrics are counted once whoever runs the cycle, a
 * throwing publisher never fails the work it reports, reactions do not depend on the
 * publisher, and the manager closes what it started.
 */
class DecisionPathTest {
    static final ModelType A = ModelType.of("model_a");

    MutableClock clock;
    List<ContinuousLearningManager> opened = new ArrayList<>();

    @BeforeEach
    void setUp() {
        clock = MutableClock.at("2024-06-01T00:00:00Z");
    }

    @AfterEach
    void tearDown() {
        opened.forEach(ContinuousLearningManager::close);
    }

    ContinuousLearningManager.Builder builder(ClmConfig config) {
        return ContinuousLearningManager.builder().clock(clock).config(config).dataClient(dev.clm.testing.WideSyntheticMarket.hourly(clock, 7))
                .featureEngineer(new SimpleFeatureEngineer(12)).trainer(new ScriptedTrainer(A).then(A, ContinuousLearningManagerTest.ridge()))
                .modelTypes(List.of(A));
    }

    ContinuousLearningManager open(ContinuousLearningManager.Builder b) {
        ContinuousLearningManager m = b.build();
        opened.add(m);
        return m;
    }

    /** A manager with auto-promotion off whose first cycle left a SHADOW that its replay decided PROMOTE. */
    ContinuousLearningManager withReplayPromoteShadow() {
        ContinuousLearningManager m = open(builder(ClmConfig.builder().autoPromotion(false).build()));
        CycleReport r = m.runFullCycle(true, List.of(A));
        assertThat(r.shadowResults().get(A).decision()).isEqualTo(ShadowDecision.PROMOTE);
        assertThat(r.promoted()).isEmpty();
        return m;
    }

    @Test
    @DisplayName("a shadow whose replay said PROMOTE is promoted alike by manualPromoteShadow and by the scheduler's shadow job")
    void manualAndHourlyDecideAReplayShadowAlike() {
        ContinuousLearningManager manual = withReplayPromoteShadow();
        String shadow = manual.registry().findByStatus(A, ModelStatus.SHADOW).get(0).version();
        PromotionResult p = manual.manualPromoteShadow(A, false);
        assertThat(p.newVersion()).isEqualTo(shadow);
        assertThat(manual.registry().getActive(A).orElseThrow().version()).isEqualTo(shadow);

        ContinuousLearningManager hourly = withReplayPromoteShadow();
        String other = hourly.registry().findByStatus(A, ModelStatus.SHADOW).get(0).version();
        hourly.autopilot().scheduler().manualPromoteShadow(A);
        assertThat(hourly.registry().getActive(A).map(ModelArtifact::version)).contains(other);
    }

    @Test
    @DisplayName("with auto-promotion off, reviewShadows() recommends the replay winner and changes nothing")
    void reviewShadowsCoversReplayShadows() {
        ContinuousLearningManager m = withReplayPromoteShadow();
        List<ClmEvent> recommended = new CopyOnWriteArrayList<>();
        m.events().subscribe(EventTopics.SHADOW_PROMOTION_RECOMMENDED, recommended::add);
        var reviews = m.reviewShadows();
        assertThat(reviews).singleElement().satisfies(r -> assertThat(r.recommended()).isNotNull());
        assertThat(recommended).hasSize(1);
        assertThat(m.registry().getActive(A)).isEmpty();
    }

    @Test
    @DisplayName("a forced call on a type without shadows is refused without suggesting force=true")
    void forcedRefusalDoesNotSuggestForce() {
        ContinuousLearningManager m = open(builder(ClmConfig.defaults()));
        assertThatThrownBy(() -> m.manualPromoteShadow(A, true)).isInstanceOf(ShadowPromotionRefusedException.class)
                .hasMessageNotContaining("force=true");
    }

    @Test
    @DisplayName("a cycle run directly (no autopilot started) is counted: one successful retrain, one promotion")
    void aDirectCycleIsCounted() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ContinuousLearningManager m = open(builder(ClmConfig.defaults()).metrics(new MicrometerClmMetrics(meters)));
        assertThat(m.runFullCycle(true, List.of(A)).promoted()).hasSize(1);
        assertThat(meters.get("clm.retrains").tag("outcome", "success").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("clm.promotions").counter().count()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("a failed scheduled cycle is counted once")
    void aFailedScheduledCycleIsCountedOnce() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SyntheticDataClient data = dev.clm.testing.WideSyntheticMarket.hourly(clock, 7);
        dev.clm.api.DataClient broken = new dev.clm.api.DataClient() {
            @Override
            public MarketData loadTrainingData(Instant start, Instant end) {
                throw new IllegalStateException("exchange API down");
            }

            @Override
            public MarketData loadRecentData(Duration lookback) {
                return data.loadRecentData(lookback);
            }

            @Override
            public MarketData loadValidationData(Duration lookback) {
                return data.loadValidationData(lookback);
            }
        };
        ContinuousLearningManager m = open(builder(ClmConfig.defaults()).dataClient(broken).metrics(new MicrometerClmMetrics(meters))
                .schedulerExecutor(new ManagerAutopilotTest.ManualTicks()).reactionExecutor(Runnable::run));
        m.start();
        m.autopilot().scheduler().triggerRetraining(RetrainingType.FULL, Set.of(), "test");
        assertThat(m.jobStore().recent(10)).singleElement().extracting(RetrainingJob::status).isEqualTo(dev.clm.api.JobStatus.FAILED);
        double failures = meters.find("clm.failures").counters().stream().mapToDouble(c -> c.count()).sum();
        assertThat(failures).isEqualTo(1.0);
    }

    @Test
    @DisplayName("a publisher that throws never fails the cycle and leaves no orphan CANDIDATE")
    void aThrowingPublisherNeverFailsTheCycle() {
        EventPublisher throwing = new RecordingPublisher() {
            @Override
            public void publish(ClmEvent event) {
                throw new IllegalStateException("broker unreachable");
            }
        };
        ContinuousLearningManager m = open(builder(ClmConfig.defaults()).events(throwing));
        CycleReport r = m.runFullCycle(true, List.of(A));
        assertThat(r.status()).isEqualTo(CycleReport.Status.COMPLETED);
        assertThat(r.failed()).isEmpty();
        assertThat(r.promoted()).hasSize(1);
        assertThat(m.registry().findByStatus(A, ModelStatus.CANDIDATE)).isEmpty();
    }

    @Test
    @DisplayName("drift found by the drift check retrains also with a publisher that has no in-process subscribe")
    void driftRetrainsWithACustomPublisher() {
        RecordingPublisher kafkaLike = new RecordingPublisher();
        // trained on twenty symbols (enough to promote), then watched on five whose regimes switched (twenty average drift out)
        SwitchedData data = new SwitchedData(dev.clm.testing.WideSyntheticMarket.hourly(clock, 7));
        ContinuousLearningManager m = open(builder(ClmConfig.defaults()).dataClient(data).events(kafkaLike)
                .schedulerExecutor(new ManagerAutopilotTest.ManualTicks()).reactionExecutor(Runnable::run));
        m.start();
        m.runFullCycle(true, List.of(A));
        assertThat(m.registry().getActive(A)).isPresent();
        data.delegate = SyntheticDataClient.hourly(clock, 7);
        clock.advance(Duration.ofDays(30)); // the synthetic market switched regimes since training
        int before = m.jobStore().recent(100).size();
        m.autopilot().scheduler().manualTriggerDriftCheck(A);
        assertThat(kafkaLike.topics).contains(EventTopics.DRIFT_DETECTED);
        List<RetrainingJob> jobs = m.jobStore().recent(100);
        assertThat(jobs).hasSizeGreaterThan(before);
        assertThat(jobs.get(0).trigger()).contains("DRIFT");
    }

    @Test
    @DisplayName("close() stops the schedules, shuts the autopilot's threads down, flushes the shadow recorder; twice is fine")
    void closeIsIdempotentAndStopsTheThreads() throws InterruptedException {
        InProcessEventBus bus = new InProcessEventBus(clock);
        ContinuousLearningManager m = builder(ClmConfig.defaults()).events(bus).build();
        m.runFullCycle(true, List.of(A));
        String active = m.registry().getActive(A).orElseThrow().version();
        Set<Thread> before = Set.copyOf(clmThreads());
        m.start();
        List<Object> regimes = new CopyOnWriteArrayList<>();
        m.autopilot().onRegimeChange(regimes::add);
        bus.publish(new ClmEvent.RegimeChanged(clock.instant(), "HIGH_VOL", "RANGE"));
        List<Thread> ours = clmThreads().stream().filter(t -> !before.contains(t)).toList();
        assertThat(ours).as("the scheduler and reactions threads run").extracting(Thread::getName)
                .contains("clm-scheduler", "clm-reactions");
        m.shadowService().recordPrediction(A, "s-live", active, "BTCUSDT", 1_700_000_000_000L, 0.01, 0.02);

        m.close();
        m.close();
        for (Thread t : ours) t.join(10_000);
        assertThat(ours).noneMatch(Thread::isAlive);
        assertThat(regimes).hasSize(1);
        assertThat(m.getSystemStatus().running()).isFalse();
        var stats = m.shadowService().recorder().stats();
        assertThat(stats.stored()).as("the recorded sample was written at close: %s", stats).isEqualTo(stats.recorded()).isEqualTo(1);
        assertThatThrownBy(m::start).isInstanceOf(IllegalStateException.class);
    }

    static List<Thread> clmThreads() {
        return threads().stream().filter(t -> t.getName().startsWith("clm-")).toList();
    }

    @Test
    @DisplayName("getSystemStatus() does not start anything")
    void statusHasNoSideEffect() {
        ContinuousLearningManager m = open(builder(ClmConfig.defaults()));
        assertThat(m.getSystemStatus().running()).isFalse();
        assertThat(threads()).noneMatch(t -> t.getName().equals("clm-scheduler"));
    }

    static List<Thread> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).toList();
    }

    /** An event publisher without in-process delivery (like a Kafka producer): it records topics, subscriptions do nothing. */
    static class RecordingPublisher implements EventPublisher {
        final List<String> topics = new CopyOnWriteArrayList<>();

        @Override
        public void publish(ClmEvent event) {
            topics.add(event.topic());
        }

        @Override
        public Subscription subscribe(String topicPattern, Consumer<ClmEvent> listener) {
            return () -> { };
        }

        @Override
        public boolean hasSubscribers(String topic) {
            return true;
        }
    }

    /** A data client whose source the test switches. */
    static final class SwitchedData implements dev.clm.api.DataClient {
        volatile dev.clm.api.DataClient delegate;

        SwitchedData(dev.clm.api.DataClient first) {
            delegate = first;
        }

        @Override
        public MarketData loadTrainingData(Instant start, Instant end) {
            return delegate.loadTrainingData(start, end);
        }

        @Override
        public MarketData loadRecentData(Duration lookback) {
            return delegate.loadRecentData(lookback);
        }

        @Override
        public MarketData loadValidationData(Duration lookback) {
            return delegate.loadValidationData(lookback);
        }
    }
}
