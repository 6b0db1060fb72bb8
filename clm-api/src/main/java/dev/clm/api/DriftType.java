package dev.clm.api;

/** What drifted. */
public enum DriftType { FEATURE, PREDICTION, PERFORMANCE }
