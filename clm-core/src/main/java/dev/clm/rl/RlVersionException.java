package dev.clm.rl;

import dev.clm.api.ClmException;

/**
 * An RL snapshot version could not be used: it does not exist, or its document does not fit
 * the agent (other agent, unknown action, malformed JSON). Names the agent and the version.
 */
public class RlVersionException extends ClmException {
    private final String agent;
    private final int version;

    public RlVersionException(String agent, int version, String detail) {
        super("RL agent '" + agent + "' version " + version + ": " + detail);
        this.agent = agent;
        this.version = version;
    }

    public RlVersionException(String agent, int version, String detail, Throwable cause) {
        super("RL agent '" + agent + "' version " + version + ": " + detail, cause);
        this.agent = agent;
        this.version = version;
    }

    public String agent() { return agent; }

    public int version() { return version; }
}
