package dev.clm.bench;

import java.util.Locale;

/**
 * Large-n proof of the size of clm's decisions (see {@link DecisionSizeSimulation} for the
 * scenarios). Prints, per scenario, the false decision rate with its 95% Wilson interval.
 *
 * <p>Run: {@code mvn -B -q -Pbench -Dbench.class=dev.clm.bench.DecisionSizeBenchmark -DskipTests package}
 * (arguments: {@code -Dbench.args="decisions [replay,replay-long,zero-long,live,decay,rollback,former]"}, default 20,000
 * decisions per scenario, rollback watches half that, all scenarios). The in-suite
 * {@code DecisionSizeSimulationTest} runs the same scenarios at 400.
 */
public final class DecisionSizeBenchmark {
    private DecisionSizeBenchmark() {}

    public static void main(String[] rawArgs) {
        // the bench profile passes -Dbench.args as one argument: split it on whitespace
        String[] args = String.join(" ", rawArgs).trim().isEmpty() ? new String[0] : String.join(" ", rawArgs).trim().split("\\s+");
        int n = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 20_000;
        System.out.printf(Locale.ROOT, "A/A size of clm's decisions: %d symbols (factor correlation %.1f), %d hourly timestamps, "
                + "12-bar overlapping labels, %d decisions per scenario%n", DecisionSizeSimulation.SYMBOLS, DecisionSizeSimulation.RHO,
                DecisionSizeSimulation.HOURS, n);
        java.util.Set<String> only = args.length > 1 ? java.util.Set.of(args[1].split(",")) : java.util.Set.of();
        if (only.isEmpty() || only.contains("replay")) {
            report("replay promotion (loss tests alone)", DecisionSizeSimulation.replayAa(n, 1_000_000L), n, 0.05);
        }
        if (only.isEmpty() || only.contains("replay-long")) {
            report("replay promotion, 163-day walk-forward window (3,912 hours)", DecisionSizeSimulation.replayAa(n, 6_000_000L, 3_912),
                    n, 0.05);
        }
        if (only.isEmpty() || only.contains("zero-long")) {
            report("promotion vs zero alone, candidate as good as zero, 3,912 hours",
                    DecisionSizeSimulation.replayVsZero(n, 7_000_000L, 3_912), n, 0.05);
        }
        if (only.isEmpty() || only.contains("live")) {
            report("live promotion (loss tests alone)", DecisionSizeSimulation.liveAa(n, 2_000_000L), n, 0.05);
        }
        if (only.isEmpty() || only.contains("decay")) {
            report("decay/demotion, model as good as zero", DecisionSizeSimulation.decayBoundary(n, 3_000_000L), n, 0.05);
        }
        if (only.isEmpty() || only.contains("rollback")) {
            report("rollback watch (level 1%)", DecisionSizeSimulation.rollbackAa(n / 2, 4_000_000L), n / 2, 0.01);
        }
        if (only.isEmpty() || only.contains("former")) {
            report("former rule: DM, Newey-West lag 11 rows", DecisionSizeSimulation.rowsNeweyWestAa(n, 5_000_000L), n, 0.05);
        }
    }

    static void report(String name, int k, int n, double alpha) {
        System.out.printf(Locale.ROOT, "%-42s %6d / %6d = %.4f  (95%% CI %.4f..%.4f; nominal %.2f)%n", name, k, n, k / (double) n,
                DecisionSizeSimulation.wilsonLower(k, n), DecisionSizeSimulation.wilsonUpper(k, n), alpha);
    }
}
