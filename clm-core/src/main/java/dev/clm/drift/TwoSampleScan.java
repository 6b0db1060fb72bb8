package dev.clm.drift;

import dev.clm.api.InvalidDataException;

/**
 * KS statistic and PSI of two float samples in one radix sort and one linear scan: the
 * fast path of {@link DriftDetector} for float32 features.
 *
 * <p>Notes. Each value becomes a 33-bit key: its order-preserving 32-bit float key shifted
 * left, with the low bit telling the samples apart (0 reference, 1 current). Sorting the
 * concatenation (three 11-bit LSD passes) puts equal values side by side, so one pass adds
 * m per reference value and subtracts n per current value, and looks at |sum| only at the
 * end of a run of equal values: exactly the tie-aware merge walk of
 * {@link KolmogorovSmirnov#statistic}, without its serial dependency between loads. The
 * reference-quantile PSI bins of {@link PopulationStability} are closed in the same pass at
 * the value runs holding the reference ranks ceil(k n / B), with the same tie merging and
 * summation order, so both paths return identical numbers.
 *
 * <p>Stateless; thread-safe.
 */
final class TwoSampleScan {
    private static final int BITS = 11;
    private static final int RADIX = 1 << BITS;
    private static final int MASK = RADIX - 1;
    /** Float bits inside the digit of pass 0 (bits 0-9: the key's bit 0 is the tag) and pass 1 (bits 10-20). */
    private static final int[] RAW_BITS_UNDER = {(1 << (BITS - 1)) - 1, ((1 << (2 * BITS - 1)) - 1) & ~((1 << (BITS - 1)) - 1)};

    /** Per-thread key and radix scratch, reused between features: fresh 1.6 MB arrays per feature cost more than the sort. */
    private static final ThreadLocal<long[][]> SCRATCH = ThreadLocal.withInitial(() -> new long[2][0]);

    private TwoSampleScan() {}

    private static long[][] scratch(int size) {
        long[][] s = SCRATCH.get();
        if (s[0].length < size) {
            s[0] = new long[size];
            s[1] = new long[size];
        }
        return s;
    }

    /** D as n*m*D, and the PSI. */
    record Stats(long integralD, int n, int m, double psi) {
        double statistic() {
            return integralD / ((double) n * (double) m);
        }
    }

    /** Stats of columns of row-major float matrices (rows [0, refRows) and [0, curRows)). */
    static Stats ofColumns(float[] ref, int refRows, float[] cur, int curRows, int columns, int column, String name,
                           int bins, double epsilon) {
        if (refRows == 0 || curRows == 0) throw new InvalidDataException(null, -1, name, "sample is empty; expected at least one row");
        int total = refRows + curRows;
        long[][] scratch = scratch(total + 1);
        long[] keys = scratch[0];
        int[] c0 = new int[RADIX], c1 = new int[RADIX], c2 = new int[RADIX];
        int rawBits = 0;
        for (int r = 0; r < refRows; r++) {
            float v = ref[r * columns + column];
            if (v != v) throw new InvalidDataException(null, r, "reference." + name, "value is NaN; expected a number");
            rawBits |= Float.floatToRawIntBits(v);
            keys[r] = keyOf(v, 0);
        }
        for (int r = 0; r < curRows; r++) {
            float v = cur[r * columns + column];
            if (v != v) throw new InvalidDataException(null, r, "current." + name, "value is NaN; expected a number");
            rawBits |= Float.floatToRawIntBits(v);
            keys[refRows + r] = keyOf(v, 1);
        }
        count(keys, 0, total, c0, c1, c2);
        long[] sorted = sort(keys, scratch[1], total, c0, c1, c2, rawBits);
        sorted[total] = Long.MAX_VALUE; // sentinel: differs from every 33-bit key
        return scan(sorted, refRows, curRows, bins, epsilon);
    }

    /** Stats of two double samples whose values are all exactly floats (checked by the caller). */
    static Stats ofFloatValued(double[] ref, double[] cur, int bins, double epsilon) {
        Stats s = ofFloatValuedOrNull(ref, cur, bins, epsilon);
        if (s == null) throw new IllegalArgumentException("samples are not all float-valued");
        return s;
    }

    /**
     * Stats of two double samples, or null when a value is not exactly a float (or is NaN):
     * the check runs inside the key loop, so each input is read once instead of twice.
     */
    static Stats ofFloatValuedOrNull(double[] ref, double[] cur, int bins, double epsilon) {
        int n = ref.length, m = cur.length, total = n + m;
        long[][] scratch = scratch(total + 1);
        long[] keys = scratch[0];
        int[] c0 = new int[RADIX], c1 = new int[RADIX], c2 = new int[RADIX];
        long refBits = keys(ref, keys, 0, 0, c0, c1, c2);
        if (refBits < 0) return null;
        long curBits = keys(cur, keys, n, 1, c0, c1, c2);
        if (curBits < 0) return null;
        long[] sorted = sort(keys, scratch[1], total, c0, c1, c2, (int) (refBits | curBits));
        sorted[total] = Long.MAX_VALUE;
        return scan(sorted, n, m, bins, epsilon);
    }

    /**
     * Writes the tagged keys of {@code v} at {@code keys[offset..]} and counts their digits;
     * returns the OR of the values' float bit patterns (as a non-negative long), or -1 at the
     * first value that is not a float.
     */
    private static long keys(double[] v, long[] keys, int offset, int tag, int[] c0, int[] c1, int[] c2) {
        int rawBits = 0;
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            float f = (float) x;
            if (f != x) return -1; // not a float, or NaN
            rawBits |= Float.floatToRawIntBits(f);
            keys[offset + i] = keyOf(f, tag);
        }
        count(keys, offset, offset + v.length, c0, c1, c2);
        return Integer.toUnsignedLong(rawBits);
    }

    /** Digit counts of keys[from, to): a loop of its own runs about twice as fast as counting inside the key loop. */
    private static void count(long[] keys, int from, int to, int[] c0, int[] c1, int[] c2) {
        for (int i = from; i < to; i++) {
            long k = keys[i];
            c0[(int) k & MASK]++;
            c1[(int) (k >>> BITS) & MASK]++;
            c2[(int) (k >>> (2 * BITS))]++;
        }
    }

    private static long keyOf(float v, int tag) {
        int k = SortedSample.key(v) ^ Integer.MIN_VALUE; // unsigned order
        return (Integer.toUnsignedLong(k) << 1) | tag;
    }

    /**
     * LSD radix sort of tagged keys laid out reference first (tag 0), then current (tag 1).
     * A pass is skipped when its digit is constant, and also when the float bits under it are
     * zero in every value ({@code rawBits} is the OR of all float bit patterns): then the
     * digit is a function of the sign, which a later pass sorts by, and the tag order it
     * would establish is already the layout's (values on a coarse grid, such as rounded
     * features or counts, need one pass instead of three).
     */
    private static long[] sort(long[] a, long[] tmp, int n, int[] c0, int[] c1, int[] c2, int rawBits) {
        long[] src = a, dst = tmp;
        int[][] counts = {c0, c1, c2};
        for (int p = 0; p < 3; p++) {
            int[] c = counts[p];
            int shift = p * BITS;
            if (c[(int) (src[0] >>> shift) & MASK] == n) continue;
            if (p < 2 && (rawBits & RAW_BITS_UNDER[p]) == 0) continue;
            int sum = 0;
            for (int d = 0; d < RADIX; d++) {
                int t = c[d];
                c[d] = sum;
                sum += t;
            }
            for (int i = 0; i < n; i++) {
                long k = src[i];
                dst[c[(int) (k >>> shift) & MASK]++] = k;
            }
            long[] swap = src;
            src = dst;
            dst = swap;
        }
        return src;
    }

    private static Stats scan(long[] keys, int n, int m, int bins, double epsilon) {
        int total = n + m;
        long cur = 0, sup = 0;
        int refSeen = 0, curSeen = 0;
        int nextEdge = 1; // index k of the next quantile edge
        long nextEdgeRank = edgeRank(1, n, bins);
        int refBelow = 0, curBelow = 0;
        double psi = 0.0;
        for (int i = 0; i < total; i++) {
            long k = keys[i];
            int isCur = (int) k & 1;
            cur += isCur == 0 ? m : -n;
            refSeen += 1 - isCur;
            curSeen += isCur;
            if ((keys[i + 1] >>> 1) != (k >>> 1)) { // end of a run of equal values
                long abs = Math.abs(cur);
                if (abs > sup) sup = abs;
                if (nextEdge < bins && refSeen >= nextEdgeRank) {
                    while (nextEdge < bins && edgeRank(nextEdge, n, bins) <= refSeen) nextEdge++; // tied edges merge
                    if (nextEdge < bins) nextEdgeRank = edgeRank(nextEdge, n, bins);
                    if (refSeen < n) { // an edge at the reference maximum leaves the rest to the last bin
                        psi += term(refSeen - refBelow, n, curSeen - curBelow, m, epsilon);
                        refBelow = refSeen;
                        curBelow = curSeen;
                    }
                }
            }
        }
        psi += term(n - refBelow, n, m - curBelow, m, epsilon);
        return new Stats(sup, n, m, psi);
    }

    /** 1-based reference rank of the k-th quantile edge: ceil(k n / B). */
    private static long edgeRank(int k, int n, int bins) {
        return (long) Math.ceil((double) k * n / bins);
    }

    private static double term(int refCount, int n, int curCount, int m, double epsilon) {
        double e = Math.max((double) refCount / n, epsilon);
        double a = Math.max((double) curCount / m, epsilon);
        return (a - e) * Math.log(a / e);
    }
}
