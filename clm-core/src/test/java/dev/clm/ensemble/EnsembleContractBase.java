package dev.clm.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.contract.ModelTrainerContract;
import dev.clm.api.contract.MutableClock;
import dev.clm.api.contract.TestDatasets;
import dev.clm.registry.InMemoryModelRegistry;
import dev.clm.train.RidgeTrainer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * The shared {@link ModelTrainerContract} for the ensemble trainer (subclasses: a fitted blend,
 * a ridge stack and a logistic stack) over two ridge members registered ACTIVE beforehand (trained on
 * rows before the contract's training rows, so their data ended before the ensemble's). Every
 * contract case applies; after each case no member model is left open.
 */
abstract class EnsembleContractBase extends ModelTrainerContract {
    static final ModelType RIDGE_A = ModelType.of("ridge_a");
    static final ModelType RIDGE_B = ModelType.of("ridge_b");
    static final long T0 = 1_700_000_000_000L;
    static final long HOUR = 3_600_000L;

    MemberFixture.CountingTrainer members;

    abstract EnsembleSpec spec();

    @Override
    protected ModelTrainer createTrainer() {
        InMemoryModelRegistry registry = new InMemoryModelRegistry(MutableClock.at("2024-01-01T00:00:00Z"));
        members = new MemberFixture.CountingTrainer(new RidgeTrainer(RIDGE_A), new RidgeTrainer(RIDGE_B));
        // members: 2000 + 400 hourly rows ending well before the contract's rows start at T0
        Dataset a = TestDatasets.linear(2400, 8, 1.0, 0.5, 91, T0 - 2500 * HOUR);
        Dataset b = TestDatasets.linear(2400, 8, 0.6, 0.5, 92, T0 - 2500 * HOUR);
        MemberFixture.trainActive(registry, members, RIDGE_A, a.slice(0, 2000), a.slice(2012, 2400), Map.of("lambda", "0.01"), "a1");
        MemberFixture.trainActive(registry, members, RIDGE_B, b.slice(0, 2000), b.slice(2012, 2400), Map.of("lambda", "10"), "b1");
        return new EnsembleTrainer(registry, members, spec());
    }

    @Override
    protected ModelType type() {
        return spec().type();
    }

    @AfterEach
    void noMemberLeftOpen() {
        assertThat(members.open.get()).as("member models left open").isZero();
    }
}
