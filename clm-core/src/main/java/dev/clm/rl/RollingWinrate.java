package dev.clm.rl;

/**
 * Winrate over the last {@code window} closed trades (20 for the sizing state). Thread-safe
 * (short synchronized sections). With no trade yet the winrate is 0.5 (no evidence either way).
 */
public final class RollingWinrate {
    public static final int DEFAULT_WINDOW = 20;

    private final boolean[] wins;
    private int next;
    private int count;
    private int winCount;

    public RollingWinrate() {
        this(DEFAULT_WINDOW);
    }

    public RollingWinrate(int window) {
        if (window < 1) throw new IllegalArgumentException("window must be >= 1, was " + window);
        this.wins = new boolean[window];
    }

    /** Records one closed trade. */
    public synchronized void record(boolean won) {
        if (count == wins.length) {
            if (wins[next]) winCount--;
        } else {
            count++;
        }
        wins[next] = won;
        if (won) winCount++;
        next = (next + 1) % wins.length;
    }

    /** Share of won trades among the last {@code window} (0.5 before the first trade). */
    public synchronized double winrate() {
        return count == 0 ? 0.5 : (double) winCount / count;
    }

    /** Trades currently in the window. */
    public synchronized int size() {
        return count;
    }
}
