package dev.clm.features;

import dev.clm.api.BarSeries;
import java.util.List;

/**
 * Orders the emitted rows of several symbols by time (ties by symbol order, each symbol's rows
 * staying in their own order). When every row time lies on a common grid (a multiple of one
 * step after the first time, as bars of fixed intervals are) that is not much longer than the
 * rows are many, by counting: rows per grid cell, their running sum, then each symbol's rows,
 * symbol after symbol, take the next place of their cell; linear time, no comparison. Otherwise
 * with a tournament tree of losers: each output row costs one
 * replay from the winner's leaf to the root, log2(symbols) comparisons, which stays cheap when
 * many symbols share the same timestamps (a binary heap's sift-down mispredicts there). When
 * the time span allows, a row's key is one long, {@code (timestamp - first) << bits | symbol},
 * so a replay is a chain of branch-free min/max; otherwise keys are compared field by field.
 * Stateless.
 */
final class TimeMerge {
    private TimeMerge() {}

    /**
     * Assigns every emitted row its position in the time-ordered output and fills timestamps and
     * symbol ids. {@code rows[s]} are bar indices of symbol s in increasing order. Returns null
     * for a single symbol (positions are the identity).
     */
    static int[][] positions(List<BarSeries> series, int[][] rows, long[] timestamps, int[] symbolIds) {
        int symbols = series.size();
        int nonEmpty = 0, only = -1;
        long minTs = Long.MAX_VALUE, maxTs = Long.MIN_VALUE;
        for (int s = 0; s < symbols; s++) {
            int[] r = rows[s];
            if (r.length == 0) continue;
            nonEmpty++;
            only = s;
            long[] ts = series.get(s).timestamps();
            minTs = Math.min(minTs, ts[r[0]]);
            maxTs = Math.max(maxTs, ts[r[r.length - 1]]);
        }
        if (nonEmpty == 1) {
            long[] ts = series.get(only).timestamps();
            int[] r = rows[only];
            for (int k = 0; k < r.length; k++) {
                timestamps[k] = ts[r[k]];
                symbolIds[k] = only;
            }
            return symbols == 1 ? null : identity(symbols, only, r.length);
        }
        int[][] positions = new int[symbols][];
        for (int s = 0; s < symbols; s++) positions[s] = new int[rows[s].length];
        if (maxTs - minTs >= 0 && mergeOnGrid(series, rows, minTs, maxTs, positions, timestamps, symbolIds)) return positions;
        int bits = 64 - Long.numberOfLeadingZeros(symbols);
        boolean packed = maxTs - minTs >= 0 && maxTs - minTs < (Long.MAX_VALUE >> bits); // no overflow, room below the sentinel
        if (packed) mergePacked(series, rows, minTs, bits, positions, timestamps, symbolIds);
        else mergeByFields(series, rows, positions, timestamps, symbolIds);
        return positions;
    }

    /** Cells per row at most for {@link #mergeOnGrid}: beyond that the cell counts cost more than they save. */
    private static final int MAX_CELLS_PER_ROW = 4;

    /**
     * The counting merge, when the row times share a grid step whose cells number at most {@link
     * #MAX_CELLS_PER_ROW} per row (plus a little); returns false otherwise
     * (having written only into {@code positions}, which the tournament then overwrites).
     * Each symbol has at most one row per cell (its times strictly increase), and symbols fill
     * their cells in symbol order, so ties keep symbol order.
     */
    private static boolean mergeOnGrid(List<BarSeries> series, int[][] rows, long minTs, long maxTs, int[][] positions,
                                       long[] timestamps, int[] symbolIds) {
        int symbols = series.size();
        // A candidate step from each symbol's first row and first spacing; pass 1 checks that it divides every spacing.
        long step = 0;
        for (int s = 0; s < symbols; s++) {
            int[] r = rows[s];
            if (r.length == 0) continue;
            long[] ts = series.get(s).timestamps();
            step = gcd(step, ts[r[0]] - minTs);
            if (r.length > 1) step = gcd(step, ts[r[1]] - ts[r[0]]);
        }
        if (step <= 1) return false;
        long cells = (maxTs - minTs) / step + 1;
        if (cells > (long) MAX_CELLS_PER_ROW * timestamps.length + 1024 || cells > Integer.MAX_VALUE - 16) return false;
        int[] start = new int[(int) cells + 1];
        // Pass 1: each row's cell (kept in its position slot for now) and the rows per cell.
        for (int s = 0; s < symbols; s++) {
            int[] r = rows[s], pos = positions[s];
            if (r.length == 0) continue;
            long[] ts = series.get(s).timestamps();
            long lastD = -1;
            int lastCells = 0;
            int cell = (int) ((ts[r[0]] - minTs) / step);
            pos[0] = cell;
            start[cell + 1]++;
            for (int k = 1; k < r.length; k++) {
                long d = ts[r[k]] - ts[r[k - 1]];
                if (d != lastD) { // fixed intervals: one division per change of spacing
                    if (d % step != 0) return false;
                    lastD = d;
                    lastCells = (int) (d / step);
                }
                cell += lastCells;
                pos[k] = cell;
                start[cell + 1]++;
            }
        }
        // Pass 2: start[c] = rows in cells before c.
        for (int c = 1; c < start.length; c++) start[c] += start[c - 1];
        // Pass 3: places, symbol after symbol.
        for (int s = 0; s < symbols; s++) {
            int[] pos = positions[s];
            for (int k = 0; k < pos.length; k++) {
                int cell = pos[k];
                int out = start[cell]++;
                pos[k] = out;
                timestamps[out] = minTs + cell * step;
                symbolIds[out] = s;
            }
        }
        return true;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static void mergePacked(List<BarSeries> series, int[][] rows, long minTs, int bits, int[][] positions,
                                    long[] timestamps, int[] symbolIds) {
        int symbols = series.size();
        int players = Integer.highestOneBit(Math.max(2, symbols) - 1) << 1;
        long mask = (1L << bits) - 1;
        // Each symbol's row keys, ending with the sentinel: the replay loop then reads one array.
        long[][] keys = new long[symbols][];
        long[] key = new long[players];
        for (int p = 0; p < players; p++) {
            key[p] = Long.MAX_VALUE; // no rows: after every real key
            if (p >= symbols || rows[p].length == 0) continue;
            long[] ts = series.get(p).timestamps();
            int[] r = rows[p];
            long[] kp = new long[r.length + 1];
            for (int k = 0; k < r.length; k++) kp[k] = (ts[r[k]] - minTs) << bits | p;
            kp[r.length] = Long.MAX_VALUE;
            keys[p] = kp;
            key[p] = kp[0];
        }
        int[] cursor = new int[symbols];
        long[] tree = new long[players];
        long winner = build(key, tree);
        for (int out = 0; out < timestamps.length; out++) {
            int w = (int) (winner & mask);
            int k = cursor[w]++;
            positions[w][k] = out;
            timestamps[out] = (winner >>> bits) + minTs;
            symbolIds[out] = w;
            long next = keys[w][k + 1];
            for (int node = (players + w) >> 1; node >= 1; node >>= 1) {
                long l = tree[node];
                tree[node] = Math.max(l, next);
                next = Math.min(l, next);
            }
            winner = next;
        }
    }

    /** Fills the loser tree over the leaf keys; returns the overall winner. */
    private static long build(long[] key, long[] tree) {
        int players = key.length;
        long[] winners = new long[2 * players];
        System.arraycopy(key, 0, winners, players, players);
        for (int node = players - 1; node >= 1; node--) {
            long a = winners[2 * node], b = winners[2 * node + 1];
            winners[node] = Math.min(a, b);
            tree[node] = Math.max(a, b);
        }
        return winners[1];
    }

    /** The same tournament for timestamps spanning too much to pack: keys compared as (timestamp, symbol). */
    private static void mergeByFields(List<BarSeries> series, int[][] rows, int[][] positions, long[] timestamps, int[] symbolIds) {
        int symbols = series.size();
        int players = Integer.highestOneBit(Math.max(2, symbols) - 1) << 1;
        long[] head = new long[players];
        boolean[] done = new boolean[players];
        long[][] ts = new long[symbols][];
        int[] cursor = new int[symbols];
        for (int p = 0; p < players; p++) {
            done[p] = p >= symbols || rows[p].length == 0;
            if (!done[p]) {
                ts[p] = series.get(p).timestamps();
                head[p] = ts[p][rows[p][0]];
            }
        }
        int[] tree = new int[players];
        int[] winners = new int[2 * players];
        for (int p = 0; p < players; p++) winners[players + p] = p;
        for (int node = players - 1; node >= 1; node--) {
            int a = winners[2 * node], b = winners[2 * node + 1];
            boolean aFirst = before(a, b, head, done);
            winners[node] = aFirst ? a : b;
            tree[node] = aFirst ? b : a;
        }
        int w = winners[1];
        for (int out = 0; out < timestamps.length; out++) {
            int k = cursor[w]++;
            int[] r = rows[w];
            positions[w][k] = out;
            timestamps[out] = ts[w][r[k]];
            symbolIds[out] = w;
            if (k + 1 < r.length) head[w] = ts[w][r[k + 1]];
            else done[w] = true;
            for (int node = (players + w) >> 1; node >= 1; node >>= 1) {
                int l = tree[node];
                if (before(l, w, head, done)) {
                    tree[node] = w;
                    w = l;
                }
            }
        }
    }

    private static boolean before(int a, int b, long[] head, boolean[] done) {
        if (done[a] || done[b]) return !done[a];
        return head[a] < head[b] || (head[a] == head[b] && a < b);
    }

    private static int[][] identity(int symbols, int only, int count) {
        int[][] positions = new int[symbols][];
        int[] p = new int[count];
        for (int k = 0; k < count; k++) p[k] = k;
        positions[only] = p;
        return positions;
    }
}
