package dev.clm.features;

import java.util.List;
import java.util.Map;

/**
 * A user-defined group of feature columns, computed column-wise over blocks of bars next to the
 * built-in indicators of {@link TechnicalFeatureEngineer} (register it with {@link
 * TechnicalFeatureEngineer.Builder#family}). The engine does the rest exactly as for its own
 * columns: the row-to-bar mapping, gaps and zero-price bars (each restarts the family's warm-up
 * via {@link Computer#reset()}), rows emitted once the longest enabled column is warm, rows with
 * a non-finite value dropped, labels, the time merge of several symbols, and the config round
 * trip: {@link #name()} and {@link #parameters()} are recorded in {@link
 * TechnicalFeatureEngineer#config()}, and {@link TechnicalFeatureEngineer#fromConfig} rebuilds
 * the family from them with the {@link Factory} registered under that name ({@link
 * FeatureFamilies#register}).
 *
 * <p>No look-ahead by construction: a block holds only bars up to its last bar. Extend the
 * test-jar's {@code FeatureFamilyContract} to check a family on real data (later bars never change
 * a value, every start of the series gives the same values, the warm-up is honoured, the config
 * round trip rebuilds it).
 *
 * <p>Implementations are immutable descriptions; the per-symbol state lives in the {@link
 * Computer}s they create.
 */
public interface FeatureFamily {
    /** The registered name (letters, digits, '_' and '-'), recorded in the config. */
    String name();

    /** The settings the {@link Factory} needs to rebuild this family, recorded in the config (may be empty). */
    Map<String, String> parameters();

    /** Column names in matrix order, unique among all of the engineer's columns. */
    List<String> columns();

    /**
     * Bars of history column {@code column} (index into {@link #columns()}) needs: its value is
     * defined from the {@code warmup}-th bar of a segment on (0 = from the first bar).
     */
    int warmup(int column);

    /** Bars before a block's first bar that {@link Computer#compute} reads (0..10,000): the history the block keeps. */
    int lookback();

    /** New state for one symbol; called once per symbol per transform. */
    Computer newComputer();

    /** One symbol's state. Not thread-safe; the engine calls it from one thread at a time. */
    interface Computer {
        /** A segment starts: forget everything (gap, zero-price bar or the first bar). */
        void reset();

        /**
         * Computes the block's bars: for every slot j in {@code [block.first(), block.end())} writes
         * the value of column c at that bar to {@code out[c][j]} (at least for j from {@link
         * FeatureBlock#emitFrom()} on; state must still advance over every bar). Reads only slots
         * from {@code max(block.segmentStart(), block.first() - lookback())} to j. The out arrays
         * belong to this symbol and keep their values between blocks like the inputs.
         */
        void compute(FeatureBlock block, double[][] out);
    }

    /** Rebuilds a family from its recorded {@link #parameters()}. */
    @FunctionalInterface
    interface Factory {
        FeatureFamily create(Map<String, String> parameters);
    }
}
