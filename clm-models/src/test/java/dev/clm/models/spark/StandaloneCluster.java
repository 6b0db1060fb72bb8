package dev.clm.models.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: one master and {@code workers} worker JVMs
 * started from spark-core's own classes ({@code org.apache.spark.deploy.master.Master},
 * {@code org.apache.spark.deploy.worker.Worker}) on the test classpath, one core each. Executors
 * get the test classpath through {@link #executorClassPath()}. {@link #close()} ends the JVMs it
 * started (and only those).
 */
final class StandaloneCluster implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final int masterPort;
    private final Path home;

    private StandaloneCluster(int masterPort, Path home) {
        this.masterPort = masterPort;
        this.home = home;
    }

    static StandaloneCluster start(Path dir, int workers, String workerMemory) throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("spark-home"));
        // the worker builds executor class paths from SPARK_HOME/jars; an empty one adds nothing
        Files.createDirectories(home.resolve("jars"));
        StandaloneCluster c = new StandaloneCluster(freePort(), home);
        try {
            // the master logs that it is the leader once its RPC endpoint listens: wait for that line
            CompletableFuture<Void> leader = c.launch(dir.resolve("master.log"), "elected leader",
                    "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                    Integer.toString(c.masterPort), "--webui-port", Integer.toString(freePort()));
            await(leader, "the Spark master on port " + c.masterPort, 60);
            for (int i = 0; i < workers; i++) {
                Path work = Files.createDirectories(dir.resolve("worker-" + i));
                c.launch(dir.resolve("worker-" + i + ".log"), null, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
                        "--memory", workerMemory, "--webui-port", Integer.toString(freePort()), "--work-dir", work.toString(), c.masterUrl());
            }
            return c;
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The test JVM's class path (surefire's real one when it runs the tests through a manifest jar). */
    static String executorClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /**
     * Starts a JVM whose output a daemon thread copies to {@code log}; the returned future completes when
     * a line contains {@code readyLine} (null: never) and fails when the output ends before it (the JVM exited).
     */
    private CompletableFuture<Void> launch(Path log, String readyLine, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        for (String opt : System.getProperty("clm.spark.opens", "").split(" ")) if (!opt.isBlank()) cmd.add(opt);
        cmd.add("-cp");
        cmd.add(executorClassPath());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = pb.start();
        processes.add(process);
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread copier = new Thread(() -> copy(process, log, readyLine, ready), "log-" + log.getFileName());
        copier.setDaemon(true);
        copier.start();
        return ready;
    }

    /** Copies the process's output to {@code log} line by line (blocking reads, so the pipe never fills). */
    private static void copy(Process process, Path log, String readyLine, CompletableFuture<Void> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.write(line);
                out.write('\n');
                out.flush();
                if (readyLine != null && line.contains(readyLine)) ready.complete(null);
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("the JVM's output ended before '" + readyLine + "' (see " + log + ")"));
    }

    private static void await(CompletableFuture<Void> ready, String what, int seconds) throws InterruptedException {
        try {
            ready.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " did not start: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not start within " + seconds + " s");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process p : processes) p.destroy();
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
