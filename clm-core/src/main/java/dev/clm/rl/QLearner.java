package dev.clm.rl;

import dev.clm.api.ClmEvent;
import dev.clm.api.EventPublisher;
import dev.clm.api.EventTopics;
import dev.clm.api.RlSnapshot;
import dev.clm.api.RlVersionStore;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tabular Q-learning with ε-greedy selection and the version lifecycle shared by both agents.
 *
 * <p>Thread safety: selections and updates run concurrently under the read side of a
 * read-write lock (each state's row guards itself), so engine threads never wait for one
 * another; snapshot capture, load, reset and prune take the write side, so they always see
 * and replace a consistent table. Store writes of periodic snapshots happen outside the table
 * lock (only the capture holds it). A {@code versionLock} orders version numbering.
 * Lock order: versionLock, then the table lock.
 */
final class QLearner implements RlAgent {
    private static final Logger LOG = LoggerFactory.getLogger(QLearner.class);

    private final String name;
    private final List<String> actions;
    private final RlAgentConfig config;
    private final Random random;
    private final Clock clock;
    private final RlVersionStore store;
    private final EventPublisher events;
    private final SnapshotCodec codec;

    private final ReentrantReadWriteLock tableLock = new ReentrantReadWriteLock();
    private final ReentrantLock versionLock = new ReentrantLock();
    private final ConcurrentHashMap<String, QRow> rows = new ConcurrentHashMap<>();
    private final AtomicLong totalUpdates = new AtomicLong();
    private final AtomicLong epsilonBits;
    private final AtomicLong snapshotFailures = new AtomicLong();
    private volatile double learningRate;
    private volatile long lastSnapshotTotal;
    private volatile long nextAutoSnapshotAttempt;
    private volatile int version;
    private int highestVersion;

    QLearner(String name, List<String> actions, RlAgentConfig config, Random random, Clock clock, RlVersionStore store,
             EventPublisher events) {
        this.name = Objects.requireNonNull(name, "name must not be null");
        if (actions.isEmpty()) throw new IllegalArgumentException("actions must not be empty");
        this.actions = List.copyOf(actions);
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.random = Objects.requireNonNull(random, "random must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.events = Objects.requireNonNull(events, "events must not be null");
        this.codec = new SnapshotCodec(name, this.actions);
        this.epsilonBits = new AtomicLong(Double.doubleToLongBits(config.initialEpsilon()));
        this.learningRate = config.learningRate();
        this.nextAutoSnapshotAttempt = config.snapshotEveryUpdates();
    }

    int actionCount() {
        return actions.size();
    }

    /** ε-greedy choice: a uniform random action with probability ε, else the best (ties broken at random). */
    int select(String state) {
        return choose(state).action();
    }

    /** Like {@link #select(String)}, also saying whether the choice was the random (ε) branch. */
    Choice choose(String state) {
        tableLock.readLock().lock();
        try {
            if (random.nextDouble() < epsilon()) return new Choice(random.nextInt(actions.size()), true);
            QRow row = rows.get(state);
            // An unseen state has all values equal, so the tie-break makes the choice uniform.
            return new Choice(row == null ? random.nextInt(actions.size()) : row.argmax(random.nextDouble()), false);
        } finally {
            tableLock.readLock().unlock();
        }
    }

    /** An action index and whether it came from exploration. */
    record Choice(int action, boolean explored) {}

    /** Best action of a state that has been updated (ties to the lowest index); empty for an unseen state. */
    OptionalInt greedy(String state) {
        QRow row = rows.get(state);
        return row == null ? OptionalInt.empty() : OptionalInt.of(row.argmax());
    }

    /** Q-values of a state, or empty when never updated. */
    Optional<double[]> values(String state) {
        QRow row = rows.get(state);
        return row == null ? Optional.empty() : Optional.of(row.values());
    }

    /** Visit counts per action of a state (zeros when unseen). */
    long[] visits(String state) {
        QRow row = rows.get(state);
        return row == null ? new long[actions.size()] : row.visits();
    }

    /**
     * One Q-learning step: {@code Q(s,a) += α (r + γ max Q(s') − Q(s,a))}; {@code nextState}
     * null ends the episode (no bootstrap). Then ε decays and a due snapshot is taken.
     */
    void update(String state, int action, double reward, String nextState) {
        Objects.requireNonNull(state, "state must not be null");
        if (action < 0 || action >= actions.size()) {
            throw new IllegalArgumentException("action index must be in [0, " + actions.size() + "), was " + action);
        }
        if (!Double.isFinite(reward)) throw new IllegalArgumentException("reward must be finite, was " + reward);
        long total;
        tableLock.readLock().lock();
        try {
            double future = 0.0;
            if (nextState != null && config.discount() > 0.0) {
                QRow next = rows.get(nextState);
                future = next == null ? 0.0 : next.max();
            }
            double target = reward + config.discount() * future;
            total = totalUpdates.incrementAndGet();
            rows.computeIfAbsent(state, s -> new QRow(actions.size())).learn(action, target, learningRate, total);
            epsilonBits.updateAndGet(bits -> Double.doubleToLongBits(
                    Math.max(config.minEpsilon(), Double.longBitsToDouble(bits) * config.epsilonDecay())));
        } finally {
            tableLock.readLock().unlock();
        }
        if (config.snapshotOnUpdate() && total >= nextAutoSnapshotAttempt) autoSnapshot();
    }

    /** Takes a due snapshot on the updating thread, unless another thread is already at it; never fails the update. */
    private void autoSnapshot() {
        if (!versionLock.tryLock()) return;
        try {
            if (snapshotDue()) snapshot("periodic");
        } catch (RuntimeException e) {
            snapshotFailures.incrementAndGet();
            // Retry after another interval rather than on every following update.
            nextAutoSnapshotAttempt = totalUpdates.get() + config.snapshotEveryUpdates();
            LOG.warn("periodic snapshot of RL agent '{}' failed; learning continues, next attempt after update {}",
                    name, nextAutoSnapshotAttempt, e);
        } finally {
            versionLock.unlock();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int version() {
        return version;
    }

    @Override
    public long totalUpdates() {
        return totalUpdates.get();
    }

    @Override
    public double epsilon() {
        return Double.longBitsToDouble(epsilonBits.get());
    }

    double learningRate() {
        return learningRate;
    }

    RlAgentConfig config() {
        return config;
    }

    /** Periodic snapshots that failed so far (the store threw). */
    long snapshotFailures() {
        return snapshotFailures.get();
    }

    @Override
    public int stateCount() {
        return rows.size();
    }

    @Override
    public boolean snapshotDue() {
        return totalUpdates.get() - lastSnapshotTotal >= config.snapshotEveryUpdates();
    }

    @Override
    public OptionalInt snapshotIfDue() {
        versionLock.lock();
        try {
            return snapshotDue() ? OptionalInt.of(snapshot("periodic")) : OptionalInt.empty();
        } finally {
            versionLock.unlock();
        }
    }

    @Override
    public int snapshot(String reason) {
        versionLock.lock();
        try {
            QTableSnapshot captured;
            tableLock.writeLock().lock();
            try {
                captured = capture();
            } finally {
                tableLock.writeLock().unlock();
            }
            int v = save(captured, reason, false);
            version = v;
            lastSnapshotTotal = captured.totalUpdates();
            nextAutoSnapshotAttempt = captured.totalUpdates() + config.snapshotEveryUpdates();
            LOG.debug("RL agent '{}' saved version {} ({}) at update {}", name, v, reason, captured.totalUpdates());
            return v;
        } finally {
            versionLock.unlock();
        }
    }

    @Override
    public void loadVersion(int v) {
        versionLock.lock();
        try {
            RlSnapshot stored = store.load(name, v).orElseThrow(() -> new RlVersionException(name, v, "no such version in the store"));
            install(codec.read(stored.json(), v));
            version = v;
            highestVersion = Math.max(highestVersion, v);
        } finally {
            versionLock.unlock();
        }
    }

    @Override
    public boolean restoreLatest() {
        versionLock.lock();
        try {
            Optional<RlSnapshot> latest = store.latest(name);
            latest.ifPresent(s -> loadVersion(s.version()));
            return latest.isPresent();
        } finally {
            versionLock.unlock();
        }
    }

    private void install(QTableSnapshot s) {
        tableLock.writeLock().lock();
        try {
            rows.clear();
            s.rows().forEach((state, row) -> rows.put(state, row.copy()));
            totalUpdates.set(s.totalUpdates());
            epsilonBits.set(Double.doubleToLongBits(s.epsilon()));
            learningRate = s.learningRate();
            lastSnapshotTotal = s.totalUpdates();
            nextAutoSnapshotAttempt = s.totalUpdates() + config.snapshotEveryUpdates();
        } finally {
            tableLock.writeLock().unlock();
        }
    }

    @Override
    public ResetResult resetOnRegimeShift(String reason) {
        Objects.requireNonNull(reason, "reason must not be null");
        ResetResult result;
        versionLock.lock();
        try {
            // Held across the two saves so the archive is exactly the table the reset replaced;
            // resets are rare, so blocking updates for two store writes is acceptable.
            tableLock.writeLock().lock();
            try {
                QTableSnapshot before = capture();
                QTableSnapshot after = new QTableSnapshot(config.clearTableOnReset() ? new TreeMap<>() : before.rows(),
                        before.totalUpdates(), config.resetEpsilon(), before.learningRate());
                int archived = save(before, "archived at regime reset: " + reason, false);
                // Through archive() rather than the record's flag, so every store marks it the same way.
                store.archive(name, archived);
                int fresh = save(after, "regime reset: " + reason, false);
                if (config.clearTableOnReset()) rows.clear();
                epsilonBits.set(Double.doubleToLongBits(config.resetEpsilon()));
                version = fresh;
                lastSnapshotTotal = before.totalUpdates();
                nextAutoSnapshotAttempt = before.totalUpdates() + config.snapshotEveryUpdates();
                result = new ResetResult(name, archived, fresh, config.resetEpsilon(), reason);
            } finally {
                tableLock.writeLock().unlock();
            }
        } finally {
            versionLock.unlock();
        }
        LOG.info("RL agent '{}' reset on regime shift ({}): archived version {}, continuing as version {} with epsilon {}",
                name, reason, result.archivedVersion(), result.newVersion(), result.epsilon());
        publishReset(result);
        return result;
    }

    private void publishReset(ResetResult r) {
        try {
            events.publish(new ClmEvent.RlReset(clock.instant(), r.agent(), r.archivedVersion(), r.newVersion(), r.reason()));
        } catch (RuntimeException e) {
            LOG.warn("could not publish {} for RL agent '{}'", EventTopics.RL_RESET, name, e);
        }
    }

    @Override
    public int prune() {
        tableLock.writeLock().lock();
        try {
            long now = totalUpdates.get();
            int before = rows.size();
            rows.values().removeIf(row -> now - row.lastUpdate() >= config.pruneAfterUpdates());
            int pruned = before - rows.size();
            if (pruned > 0) LOG.debug("RL agent '{}' pruned {} states not updated in {} updates", name, pruned, config.pruneAfterUpdates());
            return pruned;
        } finally {
            tableLock.writeLock().unlock();
        }
    }

    /** Copy of the live state; caller holds the write lock. */
    private QTableSnapshot capture() {
        TreeMap<String, QRow> copy = new TreeMap<>();
        rows.forEach((state, row) -> copy.put(state, row.copy()));
        return new QTableSnapshot(copy, totalUpdates.get(), epsilon(), learningRate);
    }

    /** Writes {@code s} as the next version; caller holds versionLock. */
    private int save(QTableSnapshot s, String reason, boolean archived) {
        int v = Math.max(highestVersion, store.latest(name).map(RlSnapshot::version).orElse(0)) + 1;
        Instant now = clock.instant();
        String json = codec.write(s, v, now, config.discount(), reason);
        store.save(new RlSnapshot(name, v, now, json, archived, reason));
        highestVersion = v;
        return v;
    }
}
