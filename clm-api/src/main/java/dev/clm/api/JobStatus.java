package dev.clm.api;

/** State of a retraining job. */
public enum JobStatus { RUNNING, COMPLETED, FAILED }
