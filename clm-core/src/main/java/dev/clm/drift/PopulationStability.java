package dev.clm.drift;

/**
 * Population stability index on bins cut at the reference sample's quantiles.
 *
 * <p>Notes. Edges are the empirical k/B quantiles of the reference (k = 1..B-1, the
 * smallest value with at least k/B of the reference at or below it); bin i holds values in
 * (edge_{i-1}, edge_i], the first bin everything up to edge_1, the last everything above
 * edge_{B-1}. Repeated edges (a reference with many ties) are merged, so a bin is never
 * empty in the reference by construction. Proportions are floored at {@code epsilon} before
 * PSI = sum (a_i - e_i) ln(a_i / e_i), so an empty bin costs a large but finite amount
 * (Siddiqi 2006, "Credit Risk Scorecards", on PSI; the floor is the usual fix for log 0).
 *
 * <p>Stateless; thread-safe.
 */
public final class PopulationStability {
    private PopulationStability() {}

    /** PSI of {@code current} against {@code reference} with {@code bins} quantile bins. */
    public static double psi(SortedSample reference, SortedSample current, int bins, double epsilon) {
        if (bins < 2) throw new IllegalArgumentException("bins must be >= 2, was " + bins);
        if (!(epsilon > 0 && epsilon < 1)) throw new IllegalArgumentException("epsilon must be in (0, 1), was " + epsilon);
        long[] ref = reference.keys();
        int n = reference.size();
        int m = current.size();
        double psi = 0.0;
        int refBelow = 0, curBelow = 0;
        long lastEdge = 0;
        boolean haveEdge = false;
        for (int k = 1; k <= bins; k++) {
            int refAtMost, curAtMost;
            if (k < bins) {
                long edge = ref[(int) Math.ceil((double) k * n / bins) - 1];
                if (haveEdge && edge == lastEdge) continue; // tie in the reference: merge with the previous bin
                lastEdge = edge;
                haveEdge = true;
                refAtMost = reference.countAtMost(edge);
                curAtMost = current.countAtMost(edge);
                if (refAtMost == n) { // the edge is the reference maximum: the rest goes to the last bin
                    continue;
                }
            } else {
                refAtMost = n;
                curAtMost = m;
            }
            double e = Math.max((double) (refAtMost - refBelow) / n, epsilon);
            double a = Math.max((double) (curAtMost - curBelow) / m, epsilon);
            psi += (a - e) * Math.log(a / e);
            refBelow = refAtMost;
            curBelow = curAtMost;
        }
        return psi;
    }
}
