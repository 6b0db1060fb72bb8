package dev.clm.shadow;

/** Per-forecast loss the fold tests and the improvement threshold compare. */
public enum LossFunction {
    /** |prediction - realised|; robust to the fat tails of returns; the improvement is in MAE. */
    ABSOLUTE,
    /** (prediction - realised)^2; the improvement is in MSE. */
    SQUARED;

    public double loss(double prediction, double realised) {
        double e = prediction - realised;
        return this == ABSOLUTE ? Math.abs(e) : e * e;
    }
}
