package dev.clm.ensemble;

import dev.clm.api.Dataset;
import java.util.ArrayList;
import java.util.List;

/** Row operations on datasets the ensembles need (copying; symbols of both sides are merged). */
final class Rows {
    private Rows() {}

    /** The rows of {@code a} followed by the rows of {@code b} (same features; {@code b} must not be earlier than {@code a}). */
    static Dataset concat(Dataset a, Dataset b) {
        if (!a.featureNames().equals(b.featureNames())) {
            throw new IllegalArgumentException("cannot concatenate datasets with features " + a.featureNames() + " and " + b.featureNames());
        }
        if (b.rows() == 0) return a;
        if (a.rows() == 0) return b;
        int n = a.rows() + b.rows();
        int cols = a.columns();
        List<String> symbols = new ArrayList<>(a.symbols());
        int[] remap = new int[b.symbols().size()];
        for (int s = 0; s < remap.length; s++) {
            int at = symbols.indexOf(b.symbols().get(s));
            if (at < 0) {
                at = symbols.size();
                symbols.add(b.symbols().get(s));
            }
            remap[s] = at;
        }
        long[] ts = new long[n];
        long[] end = new long[n];
        int[] sym = new int[n];
        float[] x = new float[n * cols];
        float[] y = new float[n];
        float[] w = a.weights() == null && b.weights() == null ? null : new float[n];
        int na = a.rows();
        System.arraycopy(a.timestamps(), 0, ts, 0, na);
        System.arraycopy(b.timestamps(), 0, ts, na, b.rows());
        System.arraycopy(a.labelEndTimestamps(), 0, end, 0, na);
        System.arraycopy(b.labelEndTimestamps(), 0, end, na, b.rows());
        System.arraycopy(a.symbolIds(), 0, sym, 0, na);
        for (int i = 0; i < b.rows(); i++) sym[na + i] = remap[b.symbolIds()[i]];
        System.arraycopy(a.features(), 0, x, 0, na * cols);
        System.arraycopy(b.features(), 0, x, na * cols, b.rows() * cols);
        System.arraycopy(a.labels(), 0, y, 0, na);
        System.arraycopy(b.labels(), 0, y, na, b.rows());
        if (w != null) {
            for (int i = 0; i < na; i++) w[i] = a.weight(i);
            for (int i = 0; i < b.rows(); i++) w[na + i] = b.weight(i);
        }
        return new Dataset(a.featureNames(), symbols, ts, end, sym, x, y, w);
    }
}
