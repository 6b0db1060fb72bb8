package dev.clm.rl;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one maintenance pass did to one agent.
 *
 * @param agent            agent name
 * @param snapshotVersion  version of the periodic snapshot taken, if one was due
 * @param prunedStates     states removed as stale
 * @param failure          why the pass failed for this agent (other agents are unaffected)
 */
public record RlMaintenanceResult(String agent, OptionalInt snapshotVersion, int prunedStates, Optional<String> failure) {}
