package dev.clm.rl;

import java.util.SortedMap;

/** A consistent copy of an agent's learning state, as written to and read from a snapshot. */
record QTableSnapshot(SortedMap<String, QRow> rows, long totalUpdates, double epsilon, double learningRate) {}
