package dev.clm.rl;

/** Market regime as the engine's regime detector classifies it; part of both agents' states. */
public enum MarketRegime {
    TRENDING, RANGING, CHOPPY, VOLATILE
}
