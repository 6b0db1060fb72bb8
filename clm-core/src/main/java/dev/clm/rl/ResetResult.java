package dev.clm.rl;

/**
 * What {@link RlAgent#resetOnRegimeShift(String)} did.
 *
 * @param agent            agent name
 * @param archivedVersion  version holding the table as it was before the reset (stored archived)
 * @param newVersion       version the agent continues from (ε reset)
 * @param epsilon          ε after the reset
 * @param reason           why the reset happened
 */
public record ResetResult(String agent, int archivedVersion, int newVersion, double epsilon, String reason) {}
