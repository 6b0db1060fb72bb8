package dev.clm.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.ArtifactIntegrityException;
import dev.clm.api.Checksums;
import dev.clm.api.IllegalTransitionException;
import dev.clm.api.InvalidNameException;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.PromotionResult;
import dev.clm.api.TimeRange;
import dev.clm.api.UnknownModelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ModelRegistry} must have. Implementations' tests extend this
 * class and supply {@link #createRegistry(MutableClock)}; each test gets a fresh, empty registry.
 */
public abstract class ModelRegistryContract {

    protected MutableClock clock;
    protected ModelRegistry registry;

    /** A new, empty registry that takes time from {@code clock}. */
    protected abstract ModelRegistry createRegistry(MutableClock clock);

    @BeforeEach
    void setUpRegistry() {
        clock = MutableClock.at("2026-01-05T00:00:00Z");
        registry = createRegistry(clock);
    }

    protected static byte[] bytesOf(String version) {
        return ("model-bytes-" + version).getBytes(StandardCharsets.UTF_8);
    }

    protected ModelArtifact artifact(ModelType type, String version, String parent) {
        byte[] b = bytesOf(version);
        Instant t = clock.instant();
        return new ModelArtifact(type, version, ModelStatus.CANDIDATE, t, new TimeRange(t.minus(Duration.ofDays(90)), t),
                1000, Map.of("rmse", 0.01), Map.of("horizon", "12"), Map.of("seed", "42"), Map.of("trainer", "test"),
                parent, Checksums.sha256Hex(b), b.length, "test-bytes", null, null);
    }

    protected ModelArtifact saveNew(ModelType type, String version) {
        clock.advance(Duration.ofMinutes(1));
        return registry.save(artifact(type, version, null), bytesOf(version));
    }

    @Nested
    @DisplayName("save and find")
    class SaveAndFind {
        @Test
        void savedVersionIsFoundWithItsMetadataAndBytes() {
            ModelArtifact a = saveNew(ModelType.XGBOOST, "v1");
            ModelArtifact found = registry.find(ModelType.XGBOOST, "v1").orElseThrow();
            assertThat(found.version()).isEqualTo("v1");
            assertThat(found.status()).isEqualTo(ModelStatus.CANDIDATE);
            assertThat(found.metrics()).isEqualTo(a.metrics());
            assertThat(found.featureConfig()).isEqualTo(a.featureConfig());
            assertThat(found.trainingParams()).isEqualTo(a.trainingParams());
            assertThat(found.checksum()).isEqualTo(a.checksum());
            assertThat(found.trainingRange()).isEqualTo(a.trainingRange());
            assertThat(registry.loadBytes(ModelType.XGBOOST, "v1")).isEqualTo(bytesOf("v1"));
            assertThat(registry.modelTypes()).containsExactly(ModelType.XGBOOST);
        }

        @Test
        void parentVersionIsKept() {
            saveNew(ModelType.XGBOOST, "v1");
            registry.save(artifact(ModelType.XGBOOST, "v2", "v1"), bytesOf("v2"));
            assertThat(registry.require(ModelType.XGBOOST, "v2").parentVersion()).isEqualTo("v1");
        }

        @Test
        void duplicateVersionIsRefused() {
            saveNew(ModelType.XGBOOST, "v1");
            assertThatThrownBy(() -> registry.save(artifact(ModelType.XGBOOST, "v1", null), bytesOf("v1")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("v1");
        }

        @Test
        void sameVersionNameUnderAnotherTypeIsIndependent() {
            saveNew(ModelType.XGBOOST, "v1");
            saveNew(ModelType.LIGHTGBM, "v1");
            assertThat(registry.modelTypes()).containsExactlyInAnyOrder(ModelType.XGBOOST, ModelType.LIGHTGBM);
        }

        @Test
        void checksumMismatchIsRefusedAndNothingIsStored() {
            ModelArtifact a = artifact(ModelType.XGBOOST, "v1", null);
            assertThatThrownBy(() -> registry.save(a, "other bytes".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(ArtifactIntegrityException.class).hasMessageContaining("v1");
            assertThat(registry.find(ModelType.XGBOOST, "v1")).isEmpty();
        }

        @Test
        void savingAnActiveArtifactDirectlyIsRefused() {
            ModelArtifact a = artifact(ModelType.XGBOOST, "v1", null).withStatus(ModelStatus.ACTIVE);
            assertThatThrownBy(() -> registry.save(a, bytesOf("v1"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("status");
        }

        @Test
        @DisplayName("a version that breaks the name rule (NUL, quotes, too long) is refused typed, naming it, at every entry point")
        void invalidVersionStringsAreRefusedBeforeTheStore() {
            saveNew(ModelType.XGBOOST, "v1");
            for (String bad : new String[] {"v\u0000", "v'; DROP TABLE model_registry; --", "v".repeat(65), "", " v1"}) {
                List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> calls = List.of(
                        () -> registry.find(ModelType.XGBOOST, bad), () -> registry.require(ModelType.XGBOOST, bad),
                        () -> registry.loadBytes(ModelType.XGBOOST, bad), () -> registry.promote(ModelType.XGBOOST, bad, "test"),
                        () -> registry.retire(ModelType.XGBOOST, bad),
                        () -> registry.updateStatus(ModelType.XGBOOST, bad, ModelStatus.SHADOW),
                        () -> registry.updateMetrics(ModelType.XGBOOST, bad, Map.of("rmse", 0.1)));
                for (var call : calls) {
                    assertThatThrownBy(call).isInstanceOf(InvalidNameException.class).satisfies(e -> {
                        assertThat(((InvalidNameException) e).field()).isEqualTo("version");
                        assertThat(((InvalidNameException) e).value()).isEqualTo(bad);
                    });
                }
            }
            assertThatThrownBy(() -> registry.find(ModelType.XGBOOST, "v\u0000")).hasMessageContaining("v\\u0000");
            assertThat(registry.require(ModelType.XGBOOST, "v1").version()).isEqualTo("v1");
        }

        @Test
        void unknownVersionIsATypedError() {
            assertThat(registry.find(ModelType.XGBOOST, "nope")).isEmpty();
            assertThatThrownBy(() -> registry.loadBytes(ModelType.XGBOOST, "nope")).isInstanceOf(UnknownModelException.class)
                    .hasMessageContaining("nope");
            assertThatThrownBy(() -> registry.promote(ModelType.XGBOOST, "nope", "test")).isInstanceOf(UnknownModelException.class);
        }

        @Test
        void metricsCanBeUpdated() {
            saveNew(ModelType.XGBOOST, "v1");
            registry.updateMetrics(ModelType.XGBOOST, "v1", Map.of("mae", 0.5, "rmse", 0.7));
            assertThat(registry.require(ModelType.XGBOOST, "v1").metrics()).containsEntry("mae", 0.5).containsEntry("rmse", 0.7);
        }
    }

    @Nested
    @DisplayName("promotion and rollback")
    class Promotion {
        @Test
        void firstPromotionHasNoOldVersion() {
            saveNew(ModelType.XGBOOST, "v1");
            PromotionResult r = registry.promote(ModelType.XGBOOST, "v1", "first model");
            assertThat(r.oldVersion()).isNull();
            assertThat(r.newVersion()).isEqualTo("v1");
            ModelArtifact active = registry.getActive(ModelType.XGBOOST).orElseThrow();
            assertThat(active.version()).isEqualTo("v1");
            assertThat(active.status()).isEqualTo(ModelStatus.ACTIVE);
            assertThat(active.promotedAt()).isEqualTo(clock.instant());
        }

        @Test
        void promotionRetiresThePreviousActive() {
            saveNew(ModelType.XGBOOST, "v1");
            registry.promote(ModelType.XGBOOST, "v1", "first");
            saveNew(ModelType.XGBOOST, "v2");
            registry.updateStatus(ModelType.XGBOOST, "v2", ModelStatus.SHADOW);
            clock.advance(Duration.ofHours(1));
            PromotionResult r = registry.promote(ModelType.XGBOOST, "v2", "better");
            assertThat(r.oldVersion()).isEqualTo("v1");
            assertThat(registry.getActive(ModelType.XGBOOST).orElseThrow().version()).isEqualTo("v2");
            ModelArtifact old = registry.require(ModelType.XGBOOST, "v1");
            assertThat(old.status()).isEqualTo(ModelStatus.RETIRED);
            assertThat(old.retiredAt()).isEqualTo(clock.instant());
            assertThat(registry.findByStatus(ModelType.XGBOOST, ModelStatus.ACTIVE)).hasSize(1);
        }

        @Test
        void rollbackPromotesARetiredVersionBack() {
            saveNew(ModelType.XGBOOST, "v1");
            registry.promote(ModelType.XGBOOST, "v1", "first");
            saveNew(ModelType.XGBOOST, "v2");
            registry.promote(ModelType.XGBOOST, "v2", "second");
            PromotionResult r = registry.promote(ModelType.XGBOOST, "v1", "rollback");
            assertThat(r.oldVersion()).isEqualTo("v2");
            assertThat(registry.getActive(ModelType.XGBOOST).orElseThrow().version()).isEqualTo("v1");
            assertThat(registry.require(ModelType.XGBOOST, "v2").status()).isEqualTo(ModelStatus.RETIRED);
        }

        @Test
        void promotingTheActiveVersionAgainChangesNothing() {
            saveNew(ModelType.XGBOOST, "v1");
            registry.promote(ModelType.XGBOOST, "v1", "first");
            PromotionResult r = registry.promote(ModelType.XGBOOST, "v1", "again");
            assertThat(r.oldVersion()).isEqualTo("v1");
            assertThat(registry.getActive(ModelType.XGBOOST).orElseThrow().version()).isEqualTo("v1");
        }

        @Test
        void rejectedVersionCannotBePromotedAndActiveStaysAsItWas() {
            saveNew(ModelType.XGBOOST, "v1");
            registry.promote(ModelType.XGBOOST, "v1", "first");
            saveNew(ModelType.XGBOOST, "v2");
            registry.updateStatus(ModelType.XGBOOST, "v2", ModelStatus.SHADOW);
            registry.updateStatus(ModelType.XGBOOST, "v2", ModelStatus.REJECTED);
            assertThatThrownBy(() -> registry.promote(ModelType.XGBOOST, "v2", "force"))
                    .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("v2");
            assertThat(registry.getActive(ModelType.XGBOOST).orElseThrow().version()).isEqualTo("v1");
        }

        @Test
        void illegalStatusChangeIsRefused() {
            saveNew(ModelType.XGBOOST, "v1");
            assertThatThrownBy(() -> registry.updateStatus(ModelType.XGBOOST, "v1", ModelStatus.RETIRED))
                    .isInstanceOf(IllegalTransitionException.class);
            assertThatThrownBy(() -> registry.updateStatus(ModelType.XGBOOST, "v1", ModelStatus.ACTIVE))
                    .as("ACTIVE only through promote").isInstanceOf(IllegalArgumentException.class);
            assertThat(registry.require(ModelType.XGBOOST, "v1").status()).isEqualTo(ModelStatus.CANDIDATE);
        }

        @Test
        void retireLeavesTheTypeWithoutActive() {
            saveNew(ModelType.XGBOOST, "v1");
            registry.promote(ModelType.XGBOOST, "v1", "first");
            ModelArtifact retired = registry.retire(ModelType.XGBOOST, "v1");
            assertThat(retired.status()).isEqualTo(ModelStatus.RETIRED);
            assertThat(registry.getActive(ModelType.XGBOOST)).isEmpty();
        }

        @Test
        void typesAreIndependent() {
            saveNew(ModelType.XGBOOST, "v1");
            saveNew(ModelType.LIGHTGBM, "v1");
            registry.promote(ModelType.XGBOOST, "v1", "x");
            registry.promote(ModelType.LIGHTGBM, "v1", "l");
            assertThat(registry.getActive(ModelType.XGBOOST)).isPresent();
            assertThat(registry.getActive(ModelType.LIGHTGBM)).isPresent();
        }

        @Test
        void concurrentPromotionsNeverLeaveTwoActive() throws Exception {
            int versions = 24;
            for (int i = 0; i < versions; i++) saveNew(ModelType.XGBOOST, "c" + i);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger violations = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int k = 0; k < 60; k++) {
                        registry.promote(ModelType.XGBOOST, "c" + ((seed * 7 + k) % versions), "race");
                        if (registry.findByStatus(ModelType.XGBOOST, ModelStatus.ACTIVE).size() > 1) violations.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) f.get(120, TimeUnit.SECONDS);
            pool.shutdown();
            assertThat(violations.get()).isZero();
            assertThat(registry.findByStatus(ModelType.XGBOOST, ModelStatus.ACTIVE)).hasSize(1);
            assertThat(registry.findByStatus(ModelType.XGBOOST, ModelStatus.RETIRED)).hasSizeGreaterThan(0);
        }
    }

    @Nested
    @DisplayName("history and lookups")
    class History {
        @Test
        void historyIsNewestFirstAndLimited() {
            for (int i = 1; i <= 5; i++) saveNew(ModelType.XGBOOST, "v" + i);
            assertThat(registry.history(ModelType.XGBOOST, 3)).extracting(ModelArtifact::version).containsExactly("v5", "v4", "v3");
            assertThat(registry.history(ModelType.XGBOOST, 10)).hasSize(5);
            assertThat(registry.history(ModelType.LIGHTGBM, 10)).isEmpty();
        }

        @Test
        void findByStatusFilters() {
            saveNew(ModelType.XGBOOST, "v1");
            saveNew(ModelType.XGBOOST, "v2");
            saveNew(ModelType.XGBOOST, "v3");
            registry.updateStatus(ModelType.XGBOOST, "v2", ModelStatus.SHADOW);
            registry.updateStatus(ModelType.XGBOOST, "v3", ModelStatus.SHADOW);
            assertThat(registry.findByStatus(ModelType.XGBOOST, ModelStatus.SHADOW)).extracting(ModelArtifact::version)
                    .containsExactly("v3", "v2");
            assertThat(registry.findByStatus(ModelType.XGBOOST, ModelStatus.CANDIDATE)).extracting(ModelArtifact::version)
                    .containsExactly("v1");
        }
    }
}
