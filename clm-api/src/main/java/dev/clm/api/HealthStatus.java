package dev.clm.api;

/** Health of a live model as judged by the supervisor. */
public enum HealthStatus { HEALTHY, DEGRADED, CRITICAL }
