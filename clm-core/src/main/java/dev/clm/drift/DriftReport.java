package dev.clm.drift;

import dev.clm.api.DriftSeverity;
import dev.clm.api.DriftType;
import dev.clm.api.ModelType;
import java.util.Comparator;
import java.util.List;

/**
 * Outcome of one drift check: every finding and the check's overall severity.
 *
 * @param findings all tested distributions, in input order
 * @param severity the worst finding's severity, raised to CRITICAL by the detector's rule
 */
public record DriftReport(DriftType driftType, ModelType modelType, List<DriftFinding> findings, DriftSeverity severity) {
    public DriftReport {
        findings = List.copyOf(findings);
    }

    /** Findings at or above {@code level}, most severe and then smallest p-value first. */
    public List<DriftFinding> atLeast(DriftSeverity level) {
        return findings.stream().filter(f -> f.severity().compareTo(level) >= 0)
                .sorted(Comparator.comparing(DriftFinding::severity).reversed().thenComparingDouble(DriftFinding::lnP))
                .toList();
    }

    public long count(DriftSeverity level) {
        return findings.stream().filter(f -> f.severity() == level).count();
    }

    /** The most severe finding (smallest p-value among equals), or null without findings. */
    public DriftFinding worst() {
        List<DriftFinding> all = atLeast(DriftSeverity.NONE);
        return all.isEmpty() ? null : all.get(0);
    }
}
