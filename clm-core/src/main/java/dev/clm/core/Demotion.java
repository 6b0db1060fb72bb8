package dev.clm.core;

import dev.clm.api.ClmEvent;
import dev.clm.api.ModelArtifact;
import dev.clm.context.ClmContext;
import dev.clm.eval.ZeroForecastChallenge;
import dev.clm.shadow.RollbackMonitor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes an ACTIVE version out of service (ACTIVE to RETIRED, so {@code getActive} answers empty:
 * stay flat) because it is significantly worse than the zero forecast on its live rows; records
 * when and why in its metrics, stops its rollback watch and publishes
 * {@code learning.model.demoted}. A version that is no longer ACTIVE is left alone.
 */
final class Demotion implements TriggerPolicy.Demoter {
    private static final Logger LOG = LoggerFactory.getLogger(Demotion.class);

    private final ClmContext ctx;
    private final RollbackMonitor rollback;

    Demotion(ClmContext ctx, RollbackMonitor rollback) {
        this.ctx = ctx;
        this.rollback = rollback;
    }

    @Override
    public void demote(ModelArtifact active, ZeroForecastChallenge.Verdict verdict) {
        try {
            ctx.registry().retire(active.type(), active.version());
        } catch (RuntimeException e) {
            LOG.warn("demotion of {} {} skipped: {}", active.type(), active.version(), e.toString());
            return;
        }
        Map<String, Double> m = new LinkedHashMap<>(active.metrics());
        m.put("demoted_at_ms", (double) ctx.clock().instant().toEpochMilli());
        m.put("demoted_skill_vs_zero", verdict.skill().mean());
        m.put("demoted_p_value", verdict.skill().pValueLess());
        m.put("demoted_effective_samples", verdict.skill().effectiveSamples());
        try {
            ctx.registry().updateMetrics(active.type(), active.version(), m);
        } catch (RuntimeException e) {
            LOG.warn("could not record the demotion of {} {} in its metrics: {}", active.type(), active.version(), e.toString());
        }
        String reason = "demoted: " + verdict.reason();
        LOG.warn("{} {} {}", active.type(), active.version(), reason);
        rollback.cancel(active.type());
        ctx.events().publish(new ClmEvent.ModelDemoted(ctx.clock().instant(), active.type(), active.version(), reason));
    }
}
