package dev.clm.shadow;

import dev.clm.api.ModelType;

/**
 * One buffered record of the {@link LiveShadowRecorder} (a prediction pair or an outcome).
 * Fields are written by one producer before the volatile {@code seq} store that publishes them
 * and read by the flusher after it has seen that store. Reused: never allocated per record.
 */
final class RecorderSlot {
    volatile long seq = -1;
    byte kind;
    long id;
    ModelType type;
    String shadow, active, symbol;
    long ts;
    double a, s, r, pnl;

    void set(byte kind, long id, ModelType type, String shadow, String active, String symbol, long ts, double a, double s,
             double r, double pnl) {
        this.kind = kind;
        this.id = id;
        this.type = type;
        this.shadow = shadow;
        this.active = active;
        this.symbol = symbol;
        this.ts = ts;
        this.a = a;
        this.s = s;
        this.r = r;
        this.pnl = pnl;
    }

    /** Drops the references so a consumed slot does not keep strings alive. */
    void clearRefs() {
        type = null;
        shadow = null;
        active = null;
        symbol = null;
    }
}
