package dev.clm.rl;

/** The trading strategy family the meta-strategy agent picks for the engine. */
public enum StrategyAction {
    TREND_FOLLOW, MEAN_REVERSION, BREAKOUT, RANGE_BOUND, DEFENSIVE
}
