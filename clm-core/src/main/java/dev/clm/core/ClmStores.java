package dev.clm.core;

import dev.clm.api.DriftEventStore;
import dev.clm.api.ModelRegistry;
import dev.clm.api.PerformanceLogStore;
import dev.clm.api.RetrainingJobStore;
import dev.clm.api.ShadowResultStore;
import java.time.Clock;

/**
 * A set of durable stores with the clock they stamp their rows with (for example the JDBC
 * module's {@code ClmDatabase}). {@link ContinuousLearningManager.Builder#stores} takes all of
 * them and that clock, so the times the stores write (promotedAt, job start, drift events) are
 * the manager's time — in a backtest on a simulated clock as much as in production.
 */
public interface ClmStores {
    /** The clock every store writes timestamps with. */
    Clock clock();

    ModelRegistry registry();

    RetrainingJobStore retrainingJobs();

    ShadowResultStore shadowResults();

    DriftEventStore driftEvents();

    PerformanceLogStore performanceLogs();
}
