package dev.clm.api;

/** How bad a drift is; each level has a response (log, partial retrain, full retrain, stop trading). */
public enum DriftSeverity { NONE, LOW, MEDIUM, HIGH, CRITICAL }
