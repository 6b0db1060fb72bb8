package dev.clm.models.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
            c.launch(dir.resolve("master.log"), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                    Integer.toString(c.masterPort), "--webui-port", Integer.toString(freePort()));
            c.awaitPort(c.masterPort, 60);
            for (int i = 0; i < workers; i++) {
                Path work = Files.createDirectories(dir.resolve("worker-" + i));
                c.launch(dir.resolve("worker-" + i + ".log"), "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
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

    private void launch(Path log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        for (String opt : System.getProperty("clm.spark.opens", "").split(" ")) if (!opt.isBlank()) cmd.add(opt);
        cmd.add("-cp");
        cmd.add(executorClassPath());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        processes.add(pb.start());
    }

    private void awaitPort(int port, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                for (Process p : processes) {
                    if (!p.isAlive()) throw new IllegalStateException("a cluster JVM exited with " + p.exitValue() + " during start-up");
                }
                // another OS process binding a port raises no event this JVM could wait on: retry the connect
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        throw new IllegalStateException("the Spark master did not listen on port " + port + " within " + seconds + " s");
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
