package dev.clm.core;

import dev.clm.api.CycleReport;
import dev.clm.api.ModelType;
import dev.clm.api.PromotionResult;
import dev.clm.api.RetrainTrigger;
import dev.clm.api.RetrainingType;
import dev.clm.api.ShadowTestResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What one cycle produced so far, type by type, and the {@link CycleReport} made from it. Not thread-safe: one cycle's own. */
final class CycleOutcomes {
    /** What happened to one type; {@code notes} say e.g. why an existing ACTIVE version was not used or a walk-forward refit failed. */
    record Outcome(CycleReport.TrainedVersion trained, CycleReport.ModelEvaluation evaluation, ShadowTestResult shadow,
                   PromotionResult promotion, Map<String, Duration> durations, List<CycleReport.ModelNote> notes) {}

    final List<CycleReport.TrainedVersion> trained = new ArrayList<>();
    final Map<ModelType, CycleReport.ModelEvaluation> evaluations = new LinkedHashMap<>();
    final Map<ModelType, ShadowTestResult> shadows = new LinkedHashMap<>();
    final List<PromotionResult> promoted = new ArrayList<>();
    final List<CycleReport.ModelFailure> failed = new ArrayList<>();
    final Map<String, Duration> durations = new LinkedHashMap<>();
    final List<CycleReport.ModelNote> notes = new ArrayList<>();
    /** Types whose candidate was registered and tested (decided or not yet). */
    int registered;

    void add(Outcome o) {
        trained.add(o.trained());
        notes.addAll(o.notes());
        evaluations.put(o.trained().type(), o.evaluation());
        shadows.put(o.trained().type(), o.shadow());
        if (o.promotion() != null) promoted.add(o.promotion());
        durations.putAll(o.durations());
    }

    void fail(ModelType type, String stage, String reason) {
        failed.add(new CycleReport.ModelFailure(type, stage, reason));
    }

    CycleReport report(String jobId, CycleReport.Status status, Instant started, Instant finished, boolean force,
                       RetrainingType kind, Map<ModelType, Set<RetrainTrigger>> triggers, String message) {
        return new CycleReport(jobId, status, started, finished, force, kind, triggers, trained, evaluations, shadows, promoted,
                failed, durations, message, notes);
    }
}
