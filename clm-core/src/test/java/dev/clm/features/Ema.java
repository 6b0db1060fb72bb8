package dev.clm.features;

/**
 * Exponential smoother {@code v += alpha * (x - v)}, seeded with its first input (the
 * definition ta4j and most charting tools use). {@link #ema(int)} uses alpha = 2/(n+1);
 * {@link #wilder(int)} uses Wilder's alpha = 1/n (RSI, ATR, ADX). Not thread-safe; one
 * instance per series.
 */
final class Ema {
    private final double alpha;
    private double value;
    private boolean seeded;

    private Ema(double alpha) {
        this.alpha = alpha;
    }

    static Ema ema(int period) {
        return new Ema(2.0 / (period + 1));
    }

    static Ema wilder(int period) {
        return new Ema(1.0 / period);
    }

    void reset() {
        seeded = false;
        value = 0;
    }

    double update(double x) {
        if (seeded) {
            value += (x - value) * alpha;
        } else {
            value = x;
            seeded = true;
        }
        return value;
    }

    double value() {
        return value;
    }
}
