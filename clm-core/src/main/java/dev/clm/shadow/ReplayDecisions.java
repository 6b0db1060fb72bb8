package dev.clm.shadow;

import dev.clm.api.Estimate;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.TimeRange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single decision of a replay-only shadow, kept in the shadow version's registry metrics so
 * that later hourly reviews, and a restarted process, act on it instead of testing again.
 *
 * <p>Why: each replay on a newer window is a fresh test at level alpha. Re-testing a shadow every
 * hour and acting on the first PROMOTE gives an equal-skill shadow {@code 1 - (1 - alpha)^looks}
 * chances of promotion instead of alpha. The rule is the fixed horizon of live shadow testing:
 * the first replay on at least {@code minSamples} rows with an outcome decides, PROMOTE stays
 * PROMOTE and any other answer (also a custom tester's CONTINUE_TESTING) is final as REJECT.
 * Before the horizon the answer is CONTINUE_TESTING and nothing is recorded. A decision holds
 * for the ACTIVE version it was taken against: once another version is ACTIVE the shadow faces
 * a new comparison and gets one new look at it.
 *
 * <p>Metrics written, all finite doubles: {@value #DECISION} (+1 PROMOTE, -1 REJECT),
 * {@value #DECIDED_AT} (epoch milliseconds), {@value #ACTIVE} (a 52-bit hash of the ACTIVE
 * version's name, -1 when there was none), the result's fields and {@code replay.<statistic>}
 * for each named statistic. Any {@link ModelRegistry} keeps them (the JDBC registry in
 * {@code model_registry.metrics}).
 *
 * <p>Thread-safe if the registry is; a decision is written with one {@code updateMetrics}.
 */
public final class ReplayDecisions {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayDecisions.class);

    /** +1 PROMOTE, -1 REJECT. */
    public static final String DECISION = "replay_decision";
    /** When the decision was taken, epoch milliseconds. */
    public static final String DECIDED_AT = "replay_decided_at_ms";
    /** Hash of the ACTIVE version the shadow was compared with ({@link #versionHash}), -1 for none. */
    public static final String ACTIVE = "replay_active_version_hash";
    /** Prefix of the named statistics of the deciding test. */
    public static final String STAT_PREFIX = "replay.";
    /** Statistic set to 1 in a result that was read back rather than tested. */
    public static final String RECORDED = "replay_recorded";

    private static final String SAMPLES = "replay_samples", CAND_MAE = "replay_candidate_mae", ACT_MAE = "replay_active_mae",
            CAND_HIT = "replay_candidate_hit_rate", ACT_HIT = "replay_active_hit_rate", KS = "replay_ks_statistic",
            KS_P = "replay_ks_p_value", MEAN_DIFF = "replay_mean_diff", STD_DIFF = "replay_std_diff",
            WINDOW_START = "replay_window_start_ms", WINDOW_END = "replay_window_end_ms", ESS = "replay_effective_samples",
            LOSS_DIFF = "replay_loss_difference", HIT_DIFF = "replay_hit_rate_difference";

    private final ModelRegistry registry;
    private final int minSamples;

    /**
     * @param minSamples the horizon: rows with an outcome at which a replay decision is final (>= 1)
     */
    public ReplayDecisions(ModelRegistry registry, int minSamples) {
        if (registry == null) throw new IllegalArgumentException("registry must not be null");
        if (minSamples < 1) throw new IllegalArgumentException("minSamples must be >= 1, was " + minSamples);
        this.registry = registry;
        this.minSamples = minSamples;
    }

    public int minSamples() {
        return minSamples;
    }

    /**
     * The shadow's recorded decision against {@code active} (null: no ACTIVE version), rebuilt as
     * a result whose statistics contain {@value #RECORDED} = 1; empty if none was recorded or it
     * was taken against another ACTIVE version.
     */
    public Optional<ShadowTestResult> recorded(ModelArtifact shadow, ModelArtifact active) {
        if (shadow == null) throw new IllegalArgumentException("shadow must not be null");
        Map<String, Double> m = shadow.metrics();
        Double d = m.get(DECISION);
        if (d == null || m.get(ACTIVE) == null || m.get(DECIDED_AT) == null) return Optional.empty();
        if (m.get(ACTIVE) != versionHash(active == null ? null : active.version())) return Optional.empty();
        ShadowDecision decision = d > 0 ? ShadowDecision.PROMOTE : ShadowDecision.REJECT;
        Map<String, Double> stats = new LinkedHashMap<>();
        m.forEach((k, v) -> { if (k.startsWith(STAT_PREFIX)) stats.put(k.substring(STAT_PREFIX.length()), v); });
        stats.put(RECORDED, 1.0);
        Instant decidedAt = Instant.ofEpochMilli(m.get(DECIDED_AT).longValue());
        long samples = m.getOrDefault(SAMPLES, 0.0).longValue();
        String reason = String.format(Locale.ROOT,
                "%s decided once by replay at %s on %d rows against %s and not re-tested (a replay-only shadow has one look): "
                        + "improvement %+.2f%%, loss p=%.4g, hit rate %.3f vs active %.3f (hit p=%.4g), effective sample %.0f",
                decision, decidedAt, samples, active == null ? "the zero forecast" : active.version(),
                100 * stats.getOrDefault("improvement", 0.0), stats.getOrDefault("loss_p_value", 1.0),
                m.getOrDefault(CAND_HIT, 0.5), m.getOrDefault(ACT_HIT, 0.5), stats.getOrDefault("hit_test_p_value", 1.0),
                m.getOrDefault(ESS, 0.0));
        long start = m.getOrDefault(WINDOW_START, (double) decidedAt.toEpochMilli()).longValue();
        long end = Math.max(start, m.getOrDefault(WINDOW_END, (double) start).longValue());
        return Optional.of(new ShadowTestResult(shadow.type(), shadow.version(), active == null ? null : active.version(), samples,
                m.getOrDefault(CAND_MAE, 0.0), m.getOrDefault(ACT_MAE, 0.0), m.getOrDefault(CAND_HIT, 0.5),
                m.getOrDefault(ACT_HIT, 0.5), m.getOrDefault(KS, 0.0), m.getOrDefault(KS_P, 1.0), m.getOrDefault(MEAN_DIFF, 0.0),
                m.getOrDefault(STD_DIFF, 0.0), decision, reason, TimeRange.ofEpochMillis(start, end), stats, decidedAt,
                Math.max(0, m.getOrDefault(ESS, 0.0)), readEstimate(m, LOSS_DIFF), readEstimate(m, HIT_DIFF)));
    }

    /**
     * The shadow's decision against {@code active}: the recorded one if there is one, otherwise
     * {@code test} runs once; a result on at least {@code minSamples} rows is final (anything but
     * PROMOTE becomes REJECT) and is recorded before it is returned. A result on fewer rows is
     * returned as it is (CONTINUE_TESTING, nothing recorded).
     */
    public ShadowTestResult decide(ModelArtifact shadow, ModelArtifact active, Supplier<ShadowTestResult> test) {
        Optional<ShadowTestResult> done = recorded(shadow, active);
        if (done.isPresent()) return done.get();
        ShadowTestResult r = test.get();
        if (r == null) throw new IllegalStateException("shadow tester returned null for " + shadow.type() + " " + shadow.version());
        if (r.decision() == ShadowDecision.CONTINUE_TESTING && r.samples() < minSamples) return r;
        ShadowTestResult fin = r.decision() == ShadowDecision.CONTINUE_TESTING ? asReject(r) : r;
        record(shadow, active, fin);
        return fin;
    }

    private ShadowTestResult asReject(ShadowTestResult r) {
        String reason = String.format(Locale.ROOT, "not promoted at the fixed horizon (%d of %d rows; a replay-only shadow has one "
                + "look, so CONTINUE_TESTING there is final): %s", r.samples(), minSamples, r.reason());
        return r.withDecision(ShadowDecision.REJECT, reason);
    }

    private void record(ModelArtifact shadow, ModelArtifact active, ShadowTestResult r) {
        Map<String, Double> m = new LinkedHashMap<>();
        // Drop an earlier decision (taken against another ACTIVE version) before writing this one.
        shadow.metrics().forEach((k, v) -> { if (!isReplayKey(k)) m.put(k, v); });
        m.put(DECISION, r.decision() == ShadowDecision.PROMOTE ? 1.0 : -1.0);
        m.put(DECIDED_AT, (double) r.testedAt().toEpochMilli());
        m.put(ACTIVE, versionHash(active == null ? null : active.version()));
        m.put(SAMPLES, (double) r.samples());
        m.put(CAND_MAE, r.candidateMae());
        m.put(ACT_MAE, r.activeMae());
        m.put(CAND_HIT, r.candidateDirectionAccuracy());
        m.put(ACT_HIT, r.activeDirectionAccuracy());
        m.put(KS, r.errorKsStatistic());
        m.put(KS_P, r.errorKsPValue());
        m.put(MEAN_DIFF, r.meanDiff());
        m.put(STD_DIFF, r.stdDiff());
        m.put(WINDOW_START, (double) r.window().start().toEpochMilli());
        m.put(WINDOW_END, (double) r.window().end().toEpochMilli());
        m.put(ESS, r.effectiveSamples());
        writeEstimate(m, LOSS_DIFF, r.lossDifference());
        writeEstimate(m, HIT_DIFF, r.hitRateDifference());
        r.statistics().forEach((k, v) -> m.put(STAT_PREFIX + k, v));
        registry.updateMetrics(shadow.type(), shadow.version(), m);
        LOG.info("replay decision of {} {} against {} recorded: {} on {} rows", shadow.type(), shadow.version(),
                active == null ? "no active version" : active.version(), r.decision(), r.samples());
    }

    /** Metrics hold finite doubles only: an unknown standard error or bound is left out. */
    private static void writeEstimate(Map<String, Double> m, String key, Estimate e) {
        if (e == null) return;
        m.put(key, e.value());
        if (e.hasStandardError()) {
            m.put(key + "_se", e.standardError());
            m.put(key + "_lower", e.lower());
            m.put(key + "_upper", e.upper());
        }
        m.put(key + "_ess", e.effectiveSamples());
    }

    private static Estimate readEstimate(Map<String, Double> m, String key) {
        Double v = m.get(key);
        if (v == null) return null;
        return new Estimate(v, m.getOrDefault(key + "_se", Double.NaN), m.getOrDefault(key + "_lower", Double.NaN),
                m.getOrDefault(key + "_upper", Double.NaN), m.getOrDefault(key + "_ess", 0.0));
    }

    private static boolean isReplayKey(String k) {
        return k.startsWith("replay_") || k.startsWith(STAT_PREFIX);
    }

    /** A 52-bit hash of a version name (exact in a double), -1 for null. */
    static double versionHash(String version) {
        if (version == null) return -1.0;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(version.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (h[i] & 0xFF);
            return (double) (v >>> 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
