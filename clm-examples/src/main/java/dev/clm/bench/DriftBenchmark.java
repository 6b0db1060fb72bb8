package dev.clm.bench;

import dev.clm.drift.DriftConfig;
import dev.clm.drift.DriftDetector;
import dev.clm.drift.DriftReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * KS + PSI for 64 features x 2 x 100,000 samples: clm's {@link DriftDetector} (radix sort,
 * merge walk, PSI, BH correction, parallel over features) against commons-math3's
 * {@link KolmogorovSmirnovTest} (KS only, one feature after another) in the same run, after
 * checking that both give the same D for every feature.
 *
 * <p>Args: [features=64] [samples=100000] [runs=15].
 */
public final class DriftBenchmark {
    private DriftBenchmark() {}

    public static void main(String[] args) {
        int features = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim().split("\\s+")[0]) : 64;
        String[] a = args.length > 0 ? args[0].trim().split("\\s+") : new String[0];
        int samples = a.length > 1 ? Integer.parseInt(a[1]) : 100_000;
        int runs = a.length > 2 ? Integer.parseInt(a[2]) : 15;

        Random r = new Random(2026);
        double[][] ref = new double[features][samples];
        double[][] cur = new double[features][samples];
        List<String> names = new ArrayList<>();
        for (int f = 0; f < features; f++) {
            names.add("f" + f);
            double shift = (f % 8) * 0.02; // an eighth of the features do not move, the rest by up to 0.14 sd
            double scale = 1 + (f % 5) * 0.05;
            boolean discrete = f % 4 == 3; // rounded features: many ties, like counts or bucketed indicators
            for (int i = 0; i < samples; i++) {
                double x = r.nextGaussian();
                double y = shift + scale * r.nextGaussian();
                // float32 values, as clm's features are (Dataset holds float[]); both libraries get the same double[]
                ref[f][i] = (float) (discrete ? Math.rint(x * 4) : x);
                cur[f][i] = (float) (discrete ? Math.rint(y * 4) : y);
            }
        }

        DriftDetector parallel = new DriftDetector(DriftConfig.defaults());
        DriftDetector serial = new DriftDetector(DriftConfig.builder().parallel(false).build());
        KolmogorovSmirnovTest commons = new KolmogorovSmirnovTest();

        // correctness first: the same D for every feature
        DriftReport report = parallel.featureDrift(null, names, ref, cur);
        int equal = 0, commonsZeroP = 0;
        for (int f = 0; f < features; f++) {
            double d = commons.kolmogorovSmirnovStatistic(ref[f], cur[f]);
            if (d == report.findings().get(f).statistic()) equal++;
            if (commons.kolmogorovSmirnovTest(ref[f], cur[f]) == 0.0) commonsZeroP++;
        }
        System.out.printf("equal D: %d of %d features; commons-math3 p-value exactly 0 for %d features (ours: finite log10 p, min %.1f)%n",
                equal, features, commonsZeroP, report.findings().stream().mapToDouble(x -> x.log10P()).min().orElse(0));
        if (equal != features) throw new IllegalStateException("D differs from commons-math3 on " + (features - equal) + " features");

        for (int w = 0; w < 5; w++) {
            sink += parallel.featureDrift(null, names, ref, cur).findings().size();
            sink += serial.featureDrift(null, names, ref, cur).findings().size();
        }
        sink += commonsAll(commons, ref, cur);

        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] oursParallel = new double[runs];
        double[] oursSerial = new double[runs];
        double[] oursSerialCpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            sink += parallel.featureDrift(null, names, ref, cur).findings().size();
            oursParallel[i] = (System.nanoTime() - t0) / 1e6;
            long c0 = threads.getCurrentThreadCpuTime();
            t0 = System.nanoTime();
            sink += serial.featureDrift(null, names, ref, cur).findings().size();
            oursSerial[i] = (System.nanoTime() - t0) / 1e6;
            oursSerialCpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        int commonsRuns = Math.max(3, runs / 3);
        double[] ref3 = new double[commonsRuns];
        double[] ref3Cpu = new double[commonsRuns];
        for (int i = 0; i < commonsRuns; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            sink += commonsAll(commons, ref, cur);
            ref3[i] = (System.nanoTime() - t0) / 1e6;
            ref3Cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        double mp = median(oursParallel), ms = median(oursSerial), mc = median(ref3);
        System.out.printf("cores available: %d%n", Runtime.getRuntime().availableProcessors());
        System.out.printf("clm DriftDetector KS+PSI+BH, %d features x 2 x %,d, parallel : median %.1f ms (min %.1f)%n",
                features, samples, mp, min(oursParallel));
        System.out.printf("clm DriftDetector KS+PSI+BH, %d features x 2 x %,d, 1 thread : median %.1f ms (min %.1f)%n",
                features, samples, ms, min(oursSerial));
        System.out.printf("commons-math3 KolmogorovSmirnovTest (KS only), 1 thread      : median %.1f ms (min %.1f)%n", mc, min(ref3));
        System.out.printf("speed-up vs commons-math3 (wall): %.1fx parallel, %.1fx single thread%n", mc / mp, mc / ms);
        System.out.printf("CPU time of one thread (robust to other load): clm %.1f ms, commons-math3 %.1f ms, ratio %.1fx;"
                + " on 2 idle cores clm would take about %.0f ms%n", median(oursSerialCpu), median(ref3Cpu),
                median(ref3Cpu) / median(oursSerialCpu), median(oursSerialCpu) / 2);
        System.out.printf("system load average during the run: %.1f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        // the same with full-precision doubles (64-bit keys, six radix passes)
        double[][] ref64 = new double[features][samples];
        double[][] cur64 = new double[features][samples];
        for (int f = 0; f < features; f++) {
            for (int i = 0; i < samples; i++) {
                ref64[f][i] = ref[f][i] + r.nextDouble() * 1e-9;
                cur64[f][i] = cur[f][i] + r.nextDouble() * 1e-9;
            }
        }
        for (int w = 0; w < 3; w++) sink += parallel.featureDrift(null, names, ref64, cur64).findings().size();
        double[] ours64 = new double[Math.max(3, runs / 3)];
        for (int i = 0; i < ours64.length; i++) {
            long t0 = System.nanoTime();
            sink += parallel.featureDrift(null, names, ref64, cur64).findings().size();
            ours64[i] = (System.nanoTime() - t0) / 1e6;
        }
        System.out.printf("clm DriftDetector on full-precision doubles, parallel        : median %.1f ms (min %.1f)%n",
                median(ours64), min(ours64));
        System.out.println("(sink " + sink + ")");
    }

    private static long sink;

    private static double commonsAll(KolmogorovSmirnovTest commons, double[][] ref, double[][] cur) {
        double s = 0;
        for (int f = 0; f < ref.length; f++) s += commons.kolmogorovSmirnovTest(ref[f], cur[f]);
        return s;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }
}
