package dev.clm.shadow;

import dev.clm.api.ModelType;

/**
 * Samples awaiting their outcome, held in pre-allocated arrays so that indexing a sample
 * allocates nothing: slot {@code id mod capacity} (ids are issued in sequence, so a slot is
 * reused only after {@code capacity} newer samples: oldest-first eviction, counted), plus an
 * open-addressing hash table from (symbol, timestamp) to slots. Table buckets are never
 * emptied one by one; a bucket whose slot was resolved or reused is dead and may be reused by
 * an insert, and the table is rebuilt from the live slots when too few buckets are empty, so
 * probe chains stay short.
 *
 * <p>Not thread-safe: used by the recorder's single flusher.
 */
final class PendingOutcomeIndex {
    private static final long FREE = Long.MIN_VALUE;

    private final int mask;
    private final long[] ids;
    private final ModelType[] types;
    private final String[] shadows, actives, symbols;
    private final long[] timestamps;
    private final double[] activePredictions, shadowPredictions;
    private final int[] table; // 0 empty, else slot + 1
    private final long[] tableIds; // the id a bucket was written for (dead when ids[slot] differs)
    private final int tableMask;
    private int usedBuckets;
    private long evicted;

    PendingOutcomeIndex(int capacity) {
        int cap = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        mask = cap - 1;
        ids = new long[cap];
        java.util.Arrays.fill(ids, FREE);
        types = new ModelType[cap];
        shadows = new String[cap];
        actives = new String[cap];
        symbols = new String[cap];
        timestamps = new long[cap];
        activePredictions = new double[cap];
        shadowPredictions = new double[cap];
        table = new int[cap * 2];
        tableIds = new long[cap * 2];
        tableMask = cap * 2 - 1;
    }

    long evicted() {
        return evicted;
    }

    void add(long id, ModelType type, String shadow, String active, String symbol, long ts, double a, double s) {
        int slot = (int) (id & mask);
        if (ids[slot] != FREE) evicted++;
        ids[slot] = id;
        types[slot] = type;
        shadows[slot] = shadow;
        actives[slot] = active;
        symbols[slot] = symbol;
        timestamps[slot] = ts;
        activePredictions[slot] = a;
        shadowPredictions[slot] = s;
        insert(slot, id);
    }

    /** The slot of a pending sample, or -1. */
    int slotOf(long id) {
        int slot = (int) (id & mask);
        return ids[slot] == id ? slot : -1;
    }

    /** Ids of the pending samples of (symbol, ts); empty array if none. */
    long[] idsOf(String symbol, long ts) {
        long[] out = null;
        int n = 0;
        for (int b = hash(symbol, ts) & tableMask; table[b] != 0; b = (b + 1) & tableMask) {
            int slot = table[b] - 1;
            if (ids[slot] == tableIds[b] && timestamps[slot] == ts && symbols[slot].equals(symbol)) {
                if (out == null) out = new long[2];
                else if (n == out.length) out = java.util.Arrays.copyOf(out, n * 2);
                out[n++] = ids[slot];
            }
        }
        return out == null ? new long[0] : n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** Resolves a slot (its bucket becomes dead) and forgets its references. */
    void remove(int slot) {
        ids[slot] = FREE;
        types[slot] = null;
        shadows[slot] = null;
        actives[slot] = null;
        symbols[slot] = null;
    }

    ModelType type(int slot) { return types[slot]; }
    String shadow(int slot) { return shadows[slot]; }
    String active(int slot) { return actives[slot]; }
    String symbol(int slot) { return symbols[slot]; }
    long timestamp(int slot) { return timestamps[slot]; }
    double activePrediction(int slot) { return activePredictions[slot]; }
    double shadowPrediction(int slot) { return shadowPredictions[slot]; }

    private void insert(int slot, long id) {
        int b = hash(symbols[slot], timestamps[slot]) & tableMask;
        while (table[b] != 0 && ids[table[b] - 1] == tableIds[b]) b = (b + 1) & tableMask;
        if (table[b] == 0) usedBuckets++;
        table[b] = slot + 1;
        tableIds[b] = id;
        if (usedBuckets > table.length - table.length / 4) rebuild();
    }

    private void rebuild() {
        java.util.Arrays.fill(table, 0);
        usedBuckets = 0;
        for (int slot = 0; slot < ids.length; slot++) {
            if (ids[slot] == FREE) continue;
            int b = hash(symbols[slot], timestamps[slot]) & tableMask;
            while (table[b] != 0) b = (b + 1) & tableMask;
            table[b] = slot + 1;
            tableIds[b] = ids[slot];
            usedBuckets++;
        }
    }

    /** MurmurHash3's 64-bit finaliser: timestamps are sequential, and linear probing needs well-spread buckets. */
    private static int hash(String symbol, long ts) {
        long k = ts ^ (symbol.hashCode() * 0x9E3779B97F4A7C15L);
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return (int) k;
    }
}
