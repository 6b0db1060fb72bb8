package dev.clm.api;

import java.util.List;
import java.util.Optional;

/** Durable store of RL snapshots ({@code rl_versions}). Thread-safe. */
public interface RlVersionStore {

    /** Stores a snapshot; (agent, version) must be new. */
    void save(RlSnapshot snapshot);

    Optional<RlSnapshot> load(String agent, int version);

    /** The highest version of {@code agent}, if any. */
    Optional<RlSnapshot> latest(String agent);

    /** Every version of {@code agent}, oldest first. */
    List<RlSnapshot> list(String agent);

    /** Marks a version archived. */
    void archive(String agent, int version);
}
