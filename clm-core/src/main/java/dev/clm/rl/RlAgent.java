package dev.clm.rl;

import dev.clm.api.PolicyStore;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Lifecycle of a tabular RL agent: numbered snapshots in an {@link dev.clm.api.RlVersionStore},
 * loading a version, archive-and-reset on a regime shift, pruning of stale states.
 * Implementations are thread-safe.
 */
public interface RlAgent {

    /** Agent name, the key of its versions in the store (for example {@code meta_strategy}). */
    String name();

    /** Version the live table descends from: the last one saved or loaded; 0 before any. */
    int version();

    /** Q-learning updates applied since the agent was created (restored by {@link #loadVersion(int)}). */
    long totalUpdates();

    /** Current exploration rate ε. */
    double epsilon();

    /** Number of states in the Q-table. */
    int stateCount();

    /** Whether at least {@code snapshotEveryUpdates} updates happened since the last snapshot. */
    boolean snapshotDue();

    /** Takes a periodic snapshot if one is due; returns its version. */
    OptionalInt snapshotIfDue();

    /** Saves the live table as a new numbered version; returns the version. */
    int snapshot(String reason);

    /**
     * Replaces the live table, ε, learning rate and update count with those of {@code version}.
     *
     * @throws RlVersionException if the version is unknown or its document does not fit this agent
     */
    void loadVersion(int version);

    /** Loads the highest stored version if there is one (after a restart); returns whether it did. */
    boolean restoreLatest();

    /**
     * Archives the current table as a version, continues as a new version with ε reset
     * (default 0.5) and publishes {@code learning.rl.reset}. Atomic for the live table.
     */
    ResetResult resetOnRegimeShift(String reason);

    /** Removes states not updated during the configured number of updates; returns how many. */
    int prune();

    /** The policy store this agent was built with, if one was given to its builder (default: none). */
    default Optional<PolicyStore> ownPolicyStore() {
        return Optional.empty();
    }

    /**
     * Called by the manager that maintains this agent with the manager's policy store: an agent
     * that reads live limits and has no store of its own reads them from this one from now on.
     *
     * @throws IllegalArgumentException if the agent was built with a different store (two
     *                                  stores would mean two sets of limits)
     */
    default void usePolicyStore(PolicyStore store) {}
}
