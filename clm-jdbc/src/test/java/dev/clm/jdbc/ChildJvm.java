package dev.clm.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A {@link CrashChild} JVM on the test classpath whose stdout lines the test waits for. */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;

    ChildJvm(Path stderrLog, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CrashChild.class.getName());
        cmd.addAll(List.of(args));
        process = new ProcessBuilder(cmd).redirectError(stderrLog.toFile()).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Reads lines until {@code count} lines match, within {@code timeoutSeconds}; returns the matches. */
    List<String> awaitLines(Predicate<String> match, int count, long timeoutSeconds) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                List<String> seen = new ArrayList<>();
                while (seen.size() < count) {
                    String line = out.readLine();
                    if (line == null) throw new IllegalStateException("child exited before printing " + count + " lines; saw " + seen);
                    if (match.test(line)) seen.add(line);
                }
                return seen;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(timeoutSeconds, TimeUnit.SECONDS);
    }

    /** SIGKILL (Process.destroyForcibly on Unix) and wait for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("child did not die within 30 s");
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
