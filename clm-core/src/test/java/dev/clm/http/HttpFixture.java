package dev.clm.http;

import dev.clm.config.HttpSettings;
import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.api.contract.MutableClock;
import dev.clm.config.ClmConfig;
import dev.clm.core.ContinuousLearningManager;
import dev.clm.data.SyntheticDataClient;
import dev.clm.metrics.MicrometerClmMetrics;
import dev.clm.testing.SimpleFeatureEngineer;
import dev.clm.train.RidgeTrainer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A manager over a synthetic market with a real ridge trainer, served on a free loopback port. */
final class HttpFixture implements AutoCloseable {
    static final String TOKEN = "s3cret-token-for-tests-0123456789";
    static final ModelType RIDGE = RidgeTrainer.RIDGE;

    final MutableClock clock = MutableClock.at("2024-06-01T00:00:00Z");
    final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final GatedTrainer trainer = new GatedTrainer(new RidgeTrainer());
    final ContinuousLearningManager clm;
    final ManagerControlPlane controlPlane;
    final ClmHttpServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpFixture(HttpSettings settings) throws IOException {
        clm = ContinuousLearningManager.builder().clock(clock).config(ClmConfig.defaults())
                .dataClient(dev.clm.testing.WideSyntheticMarket.hourly(clock, 7)).featureEngineer(new SimpleFeatureEngineer(12))
                .trainer(trainer).modelTypes(List.of(RIDGE)).metrics(new MicrometerClmMetrics(prometheus)).build();
        controlPlane = new ManagerControlPlane(clm, prometheus::scrape);
        server = ClmHttpServer.start(controlPlane, settings);
    }

    static HttpSettings settings() {
        return HttpSettings.defaults().withPort(0).withToken(TOKEN);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return post(path, body, TOKEN);
    }

    @Override
    public void close() throws InterruptedException {
        trainer.release();
        controlPlane.awaitIdle(Duration.ofSeconds(60));
        server.close();
        controlPlane.close();
        clm.stop();
    }

    /** Ridge training that can be held at a gate, so a test can observe a running cycle. */
    static final class GatedTrainer implements ModelTrainer {
        private final ModelTrainer inner;
        private volatile CountDownLatch gate = new CountDownLatch(0);
        private volatile CountDownLatch entered = new CountDownLatch(1);

        GatedTrainer(ModelTrainer inner) {
            this.inner = inner;
        }

        /** Holds the next training calls at the gate; {@link #awaitEntered()} then waits for the next one to arrive. */
        void hold() {
            entered = new CountDownLatch(1);
            gate = new CountDownLatch(1);
        }

        void release() { gate.countDown(); }

        boolean awaitEntered() throws InterruptedException { return entered.await(60, TimeUnit.SECONDS); }

        private void pass() {
            entered.countDown();
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("gate never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted at the gate", e);
            }
        }

        @Override
        public Set<ModelType> supportedTypes() { return inner.supportedTypes(); }

        @Override
        public TrainedModel train(ModelType type, Dataset train, Dataset validation, Map<String, String> params) {
            pass();
            return inner.train(type, train, validation, params);
        }

        @Override
        public TrainedModel trainIncremental(ModelType type, TrainedModel base, Dataset newData, Dataset validation, Map<String, String> params) {
            pass();
            return inner.trainIncremental(type, base, newData, validation, params);
        }

        @Override
        public boolean supportsSampleWeights(ModelType type) { return inner.supportsSampleWeights(type); }

        @Override
        public Map<String, String> defaultParams(ModelType type) { return inner.defaultParams(type); }

        @Override
        public TrainedModel load(ModelType type, byte[] bytes) { return inner.load(type, bytes); }
    }
}
