package dev.clm.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link CorruptModelFuzz} in a child JVM (a native crash there cannot take this runner
 * down, and shows as a non-zero exit): XGBoost and LightGBM mutants of regression and direction
 * models, each either loaded and predicted finite or refused with CorruptModelException.
 *
 * <p>Bounded here (50 mutants per model, 200 in all); a larger run is the same test with
 * {@code -Dclm.fuzz.mutants=2500}, or the fuzz main run directly (README, Models).
 */
class CorruptModelFuzzTest {
    static final int MUTANTS = Integer.getInteger("clm.fuzz.mutants", 50);
    static final long SEED = Long.getLong("clm.fuzz.seed", 1L);

    @Test
    @DisplayName("corrupted native model bytes never crash the JVM: every mutant loads and predicts finite values or is refused typed")
    void mutantsNeverCrashTheJvm() throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", classPath, CorruptModelFuzz.class.getName(), "mutants=" + MUTANTS, "seed=" + SEED));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        boolean done = p.waitFor(30, TimeUnit.MINUTES);
        String text = new String(out, StandardCharsets.UTF_8);
        System.out.println(text.lines().filter(l -> l.contains("mutants") || l.contains("FUZZ") || l.contains("UNEXPECTED"))
                .reduce("", (x, y) -> x + y + "\n"));
        assertThat(done).as("child finished").isTrue();
        assertThat(p.exitValue()).as("child exit code (non-zero: a crash or an unexpected outcome)\n" + tail(text)).isZero();
        Matcher m = Pattern.compile("FUZZ RESULT loaded=(\\d+) refused=(\\d+) unexpected=(\\d+)").matcher(text);
        assertThat(m.find()).as("summary line").isTrue();
        long loaded = Long.parseLong(m.group(1)), refused = Long.parseLong(m.group(2));
        assertThat(loaded + refused).isEqualTo(4L * MUTANTS);
        assertThat(Long.parseLong(m.group(3))).isZero();
        // both outcomes occur, so the run exercised the check and the native path
        assertThat(refused).isPositive();
        assertThat(loaded).isPositive();
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
    }
}
