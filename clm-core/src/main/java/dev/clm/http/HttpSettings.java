package dev.clm.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the embedded control plane.
 *
 * @param host             address to bind; loopback unless set otherwise (default {@value #DEFAULT_HOST})
 * @param port             TCP port; 0 picks a free one (default {@value #DEFAULT_PORT})
 * @param token            bearer token required by every state-changing endpoint; {@code null} disables
 *                         mutations (they answer 403 saying so)
 * @param maxBodyBytes     largest accepted request body, 1 .. 1,048,576 (default {@value #DEFAULT_MAX_BODY_BYTES})
 * @param threads          request-handling threads, 1 .. 256 (default {@value #DEFAULT_THREADS})
 * @param dashboardRefresh how often the dashboard reloads itself, 1 s .. 1 h (default 10 s)
 */
public record HttpSettings(String host, int port, String token, int maxBodyBytes, int threads, Duration dashboardRefresh) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8088;
    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;
    public static final int DEFAULT_THREADS = 8;
    public static final Duration DEFAULT_DASHBOARD_REFRESH = Duration.ofSeconds(10);

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) throw new IllegalArgumentException("http.host must not be blank");
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("http.port must be in [0, 65535], was " + port);
        if (token != null && token.length() < 16) {
            throw new IllegalArgumentException("http.token must be at least 16 characters (a guessable token protects nothing), was " + token.length());
        }
        if (maxBodyBytes < 1 || maxBodyBytes > 1_048_576) {
            throw new IllegalArgumentException("http.max-body-bytes must be in [1, 1048576], was " + maxBodyBytes);
        }
        if (threads < 1 || threads > 256) throw new IllegalArgumentException("http.threads must be in [1, 256], was " + threads);
        Objects.requireNonNull(dashboardRefresh, "dashboardRefresh");
        if (dashboardRefresh.compareTo(Duration.ofSeconds(1)) < 0 || dashboardRefresh.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("http.dashboard-refresh must be in [1s, 1h], was " + dashboardRefresh);
        }
    }

    /** Loopback, port {@value #DEFAULT_PORT}, no token (read-only API). */
    public static HttpSettings defaults() {
        return new HttpSettings(DEFAULT_HOST, DEFAULT_PORT, null, DEFAULT_MAX_BODY_BYTES, DEFAULT_THREADS, DEFAULT_DASHBOARD_REFRESH);
    }

    public HttpSettings withHost(String v) { return new HttpSettings(v, port, token, maxBodyBytes, threads, dashboardRefresh); }
    public HttpSettings withPort(int v) { return new HttpSettings(host, v, token, maxBodyBytes, threads, dashboardRefresh); }
    public HttpSettings withToken(String v) { return new HttpSettings(host, port, v, maxBodyBytes, threads, dashboardRefresh); }
    public HttpSettings withMaxBodyBytes(int v) { return new HttpSettings(host, port, token, v, threads, dashboardRefresh); }
    public HttpSettings withThreads(int v) { return new HttpSettings(host, port, token, maxBodyBytes, v, dashboardRefresh); }
    public HttpSettings withDashboardRefresh(Duration v) { return new HttpSettings(host, port, token, maxBodyBytes, threads, v); }

    /** Whether state-changing endpoints are enabled. */
    public boolean mutationsEnabled() { return token != null; }

    @Override
    public String toString() {
        // never print the token
        return "HttpSettings[host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "****") + ", maxBodyBytes="
                + maxBodyBytes + ", threads=" + threads + ", dashboardRefresh=" + dashboardRefresh + "]";
    }
}
