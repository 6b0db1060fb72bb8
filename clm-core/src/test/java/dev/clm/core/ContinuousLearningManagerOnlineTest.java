package dev.clm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.CycleReport;
import dev.clm.api.Dataset;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.TimeRange;
import dev.clm.api.UnknownModelException;
import dev.clm.api.contract.MutableClock;
import dev.clm.config.ClmConfig;
import dev.clm.data.SyntheticDataClient;
import dev.clm.online.OnlineLearner;
import dev.clm.online.OnlineLearnerConfig;
import dev.clm.online.OnlineTrainer;
import dev.clm.testing.SimpleFeatureEngineer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An online learner is a registry version like any other: trained in a cycle, continued live, registered back. */
class ContinuousLearningManagerOnlineTest {

    @Test
    void aLiveLearnersSnapshotBecomesACandidateVersionWithoutTouchingTheActiveOne() {
        MutableClock clock = MutableClock.at("2024-06-01T00:00:00Z");
        ContinuousLearningManager m = ContinuousLearningManager.builder().clock(clock).config(ClmConfig.defaults())
                .dataClient(SyntheticDataClient.hourly(clock, 7)).featureEngineer(new SimpleFeatureEngineer(12))
                .trainer(new OnlineTrainer()).build();
        CycleReport report = m.runFullCycle(true, List.of(ModelType.ONLINE));
        assertThat(report.failed()).as(report.toString()).isEmpty();
        String trained = report.trained().get(0).version();
        ModelArtifact parent = m.registry().require(ModelType.ONLINE, trained);
        assertThat(parent.format()).isEqualTo(OnlineLearner.FORMAT);
        Optional<ModelArtifact> activeBefore = m.registry().getActive(ModelType.ONLINE);

        // the engine: load the version, learn each row once its label is known, register the state
        OnlineLearner live = OnlineLearner.fromSnapshot(m.registry().loadBytes(ModelType.ONLINE, trained));
        long before = live.updates();
        clock.advance(Duration.ofDays(3));
        Dataset recent = m.recentDataset(Duration.ofDays(3));
        Dataset unseen = recent.slice(recent.indexAtOrAfter(parent.trainingRange().end().toEpochMilli() + 1), recent.rows());
        assertThat(unseen.rows()).isGreaterThan(20);
        float[] row = new float[unseen.columns()];
        for (int i = 0; i < unseen.rows(); i++) live.learnOne(unseen.row(i, row), unseen.labels()[i], 1.0);

        ModelArtifact candidate = m.registerOnlineSnapshot(ModelType.ONLINE, live,
                TimeRange.ofEpochMillis(unseen.timestamps()[0], unseen.labelEndTimestamps()[unseen.rows() - 1]), trained);
        assertThat(candidate.status()).isEqualTo(ModelStatus.CANDIDATE);
        assertThat(candidate.parentVersion()).isEqualTo(trained);
        assertThat(candidate.dataPoints()).isEqualTo(before + unseen.rows());
        assertThat(candidate.trainingParams()).isEqualTo(live.config().toParams());
        assertThat(candidate.provenance()).containsEntry("source", "live online learner snapshot");
        OnlineLearner reloaded = OnlineLearner.fromSnapshot(m.registry().loadBytes(ModelType.ONLINE, candidate.version()));
        assertThat(reloaded.predict(unseen.row(0, row))).isEqualTo(live.predict(row));
        assertThat(m.registry().getActive(ModelType.ONLINE)).isEqualTo(activeBefore);

        OnlineLearner wrongFeatures = new OnlineLearner(OnlineLearnerConfig.defaults(), List.of("a", "b"));
        TimeRange seen = candidate.trainingRange();
        assertThatThrownBy(() -> m.registerOnlineSnapshot(ModelType.ONLINE, wrongFeatures, seen, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features");
        assertThatThrownBy(() -> m.registerOnlineSnapshot(ModelType.ONLINE, live, seen, "20990101-000000-ffff"))
                .isInstanceOf(UnknownModelException.class);
        assertThat(m.registry().history(ModelType.ONLINE, 100)).hasSize(2);
    }
}
