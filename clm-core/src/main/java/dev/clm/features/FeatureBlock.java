package dev.clm.features;

/**
 * What a {@link FeatureFamily.Computer} sees of one block: consecutive bars of one segment of one
 * symbol as columns of slots. The block's bars are at slots {@link #first()} .. {@link #end()} -
 * 1; the slots before hold the previous bars of the same segment (at least the family's {@link
 * FeatureFamily#lookback()} of them, none before {@link #segmentStart()}). No slot holds a bar
 * after the block. The arrays are the engine's own: read them, never write them. Valid during one
 * {@code compute} call.
 */
public final class FeatureBlock {
    private final BarBlock block;

    FeatureBlock(BarBlock block) {
        this.block = block;
    }

    public double[] open() {
        return block.openCol;
    }

    public double[] high() {
        return block.highCol;
    }

    public double[] low() {
        return block.lowCol;
    }

    public double[] close() {
        return block.closeCol;
    }

    public double[] volume() {
        return block.volumeCol;
    }

    /** Slot of the block's first bar. */
    public int first() {
        return block.first();
    }

    /** One past the slot of the block's last bar. */
    public int end() {
        return block.end();
    }

    /** Slot of the first bar whose values become rows ({@link #end()} when none does). */
    public int emitFrom() {
        return block.emitSlot();
    }

    /** Slot of the segment's first bar: negative or below {@code first() - lookback()} once it has scrolled out. */
    public int segmentStart() {
        return block.slotOf(block.segmentStart());
    }

    /** Open time (ms since the epoch, UTC) of the bar at {@code slot}. */
    public long timestamp(int slot) {
        return block.timestamps()[block.bar(slot)];
    }
}
