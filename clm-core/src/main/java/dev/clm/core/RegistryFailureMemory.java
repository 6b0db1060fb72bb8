package dev.clm.core;

import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decay check's unconfirmed first failure, kept in the version's registry metrics
 * ({@value #KEY}, epoch milliseconds), so a process that dies between the failing window and the
 * confirming one does not forget it. If the registry refuses the write, the failure is kept in this
 * process (and the warning says so). Thread-safe if the registry is.
 */
final class RegistryFailureMemory implements TriggerPolicy.FailureMemory {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryFailureMemory.class);
    /** Metric of a version: when its first significantly failing decay window ended (epoch ms). */
    static final String KEY = "decay_first_failure_ms";

    private final ModelRegistry registry;
    private final TriggerPolicy.FailureMemory fallback = TriggerPolicy.FailureMemory.inProcess();

    RegistryFailureMemory(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Optional<Instant> get(ModelArtifact a) {
        Double ms = a.metrics().get(KEY);
        return ms != null ? Optional.of(Instant.ofEpochMilli(ms.longValue())) : fallback.get(a);
    }

    @Override
    public void remember(ModelArtifact a, Instant windowEnd) {
        Map<String, Double> m = new LinkedHashMap<>(a.metrics());
        m.put(KEY, (double) windowEnd.toEpochMilli());
        try {
            registry.updateMetrics(a.type(), a.version(), m);
        } catch (RuntimeException e) {
            LOG.warn("could not record the first failing window of {} {} in the registry ({}); kept in this process only", a.type(),
                    a.version(), e.toString());
            fallback.remember(a, windowEnd);
        }
    }

    @Override
    public void forget(ModelArtifact a) {
        fallback.forget(a);
        if (!a.metrics().containsKey(KEY)) return;
        Map<String, Double> m = new LinkedHashMap<>(a.metrics());
        m.remove(KEY);
        try {
            registry.updateMetrics(a.type(), a.version(), m);
        } catch (RuntimeException e) {
            LOG.warn("could not clear the first failing window of {} {} in the registry: {}", a.type(), a.version(), e.toString());
        }
    }
}
