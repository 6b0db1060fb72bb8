package dev.clm.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import dev.clm.policy.InMemoryPolicyStore;
import dev.clm.rl.LiquidityLevel;
import dev.clm.rl.MarketRegime;
import dev.clm.rl.MetaOutcome;
import dev.clm.rl.MetaState;
import dev.clm.rl.PerformanceLevel;
import dev.clm.rl.RlAgentConfig;
import dev.clm.rl.RlMetaStrategy;
import dev.clm.rl.RlPositionSizing;
import dev.clm.rl.SizingAction;
import dev.clm.rl.SizingDecision;
import dev.clm.rl.SizingOutcome;
import dev.clm.rl.SizingState;
import dev.clm.rl.StrategyAction;
import dev.clm.rl.VolatilityLevel;
import dev.clm.store.InMemoryRlVersionStore;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Cost of the RL agents on the engine's threads: one meta-strategy select + update, one sizing
 * decision (with the policy clamp) + update, and a full 432-state sizing snapshot and load.
 * Reference: a bare single-threaded tabular Q-learning step (HashMap of double[] rows, no
 * locks, no ε bookkeeping, no clamp) on the same states. Prints median ns per operation over
 * rounds and the ratio to the reference. Args: [rounds] [opsPerRound].
 */
public final class RlAgentBenchmark {
    private RlAgentBenchmark() {}

    public static void main(String[] args) {
        int rounds = intArg(args, 0, 7);
        int ops = intArg(args, 1, 200_000);
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);
        RlAgentConfig noAutoSnapshot = RlAgentConfig.defaults().toBuilder().snapshotOnUpdate(false).build();
        RlMetaStrategy meta = RlMetaStrategy.builder().config(noAutoSnapshot).clock(clock).build();
        RlPositionSizing sizing = RlPositionSizing.builder().clock(clock).versionStore(new InMemoryRlVersionStore())
                .config(RlAgentConfig.defaults().toBuilder().snapshotOnUpdate(false).build())
                .policyStore(new InMemoryPolicyStore()).build();

        MetaState[] metaStates = metaStates(new Random(1), 4096);
        SizingState[] sizingStates = sizingStates(new Random(2), 4096);
        MetaOutcome metaOutcome = new MetaOutcome(0.8, 5, 0.4, 0.55);
        SizingOutcome sizingOutcome = new SizingOutcome(0.8, 5, 0.4, false, false);
        BareQ bare = new BareQ(StrategyAction.values().length, new Random(3));

        double[] reference = new double[rounds];
        double[] metaNs = new double[rounds];
        double[] sizingNs = new double[rounds];
        long sink = 0;
        for (int r = -2; r < rounds; r++) { // two warm-up rounds
            long t0 = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                MetaState s = metaStates[i & 4095];
                int a = bare.select(s.key());
                bare.update(s.key(), a, metaOutcome.reward(), metaStates[(i + 1) & 4095].key());
                sink += a;
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                MetaState s = metaStates[i & 4095];
                StrategyAction a = meta.selectStrategy(s);
                meta.update(s, a, metaOutcome, metaStates[(i + 1) & 4095]);
                sink += a.ordinal();
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                SizingState s = sizingStates[i & 4095];
                SizingDecision d = sizing.getSizingDecision(s, 10_000);
                sizing.update(s, d.action(), sizingOutcome, null);
                sink += d.clamped() ? 1 : 0;
            }
            long t3 = System.nanoTime();
            if (r >= 0) {
                reference[r] = (t1 - t0) / (double) ops;
                metaNs[r] = (t2 - t1) / (double) ops;
                sizingNs[r] = (t3 - t2) / (double) ops;
            }
        }
        double ref = median(reference);
        System.out.printf("reference bare Q-learning step (HashMap<String,double[]>, 1 thread): %.0f ns/op%n", ref);
        System.out.printf("RlMetaStrategy selectStrategy + update:      %.0f ns/op (%.2fx reference)%n", median(metaNs), median(metaNs) / ref);
        System.out.printf("RlPositionSizing getSizingDecision + update: %.0f ns/op (%.2fx reference)%n", median(sizingNs), median(sizingNs) / ref);

        double[] snap = new double[rounds];
        double[] load = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            int v = sizing.snapshot("bench");
            long t1 = System.nanoTime();
            sizing.loadVersion(v);
            long t2 = System.nanoTime();
            snap[r] = (t1 - t0) / 1e6;
            load[r] = (t2 - t1) / 1e6;
        }
        System.out.printf("sizing table: %d states x %d actions; snapshot %.1f ms, load %.1f ms (median of %d)%n",
                sizing.stateCount(), SizingAction.ALL.size(), median(snap), median(load), rounds);
        System.out.println("(sink " + sink + ")");
    }

    /** The build passes an empty argument when -Dbench.args is not set. */
    private static int intArg(String[] args, int i, int defaultValue) {
        return args.length > i && !args[i].isBlank() ? Integer.parseInt(args[i].trim()) : defaultValue;
    }

    private static MetaState[] metaStates(Random rnd, int n) {
        MetaState[] out = new MetaState[n];
        for (int i = 0; i < n; i++) {
            out[i] = new MetaState(MarketRegime.values()[rnd.nextInt(4)], VolatilityLevel.values()[rnd.nextInt(4)],
                    LiquidityLevel.values()[rnd.nextInt(3)], PerformanceLevel.values()[rnd.nextInt(3)]);
        }
        return out;
    }

    private static SizingState[] sizingStates(Random rnd, int n) {
        SizingState[] out = new SizingState[n];
        for (int i = 0; i < n; i++) {
            out[i] = new SizingState(MarketRegime.values()[rnd.nextInt(4)], rnd.nextDouble(), 80 * rnd.nextDouble(), rnd.nextDouble(),
                    VolatilityLevel.values()[rnd.nextInt(4)]);
        }
        return out;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    /** The reference: textbook tabular Q-learning, single-threaded, nothing else. */
    private static final class BareQ {
        private final Map<String, double[]> q = new HashMap<>();
        private final int actions;
        private final Random random;
        private double epsilon = 1.0;

        BareQ(int actions, Random random) {
            this.actions = actions;
            this.random = random;
        }

        int select(String s) {
            if (random.nextDouble() < epsilon) return random.nextInt(actions);
            double[] row = q.get(s);
            if (row == null) return random.nextInt(actions);
            int best = 0;
            for (int i = 1; i < actions; i++) if (row[i] > row[best]) best = i;
            return best;
        }

        void update(String s, int a, double reward, String next) {
            double[] n = q.get(next);
            double max = 0;
            if (n != null) {
                max = n[0];
                for (double v : n) max = Math.max(max, v);
            }
            double[] row = q.computeIfAbsent(s, k -> new double[actions]);
            row[a] += 0.1 * (reward + 0.5 * max - row[a]);
            epsilon = Math.max(0.05, epsilon * 0.995);
        }
    }
}
