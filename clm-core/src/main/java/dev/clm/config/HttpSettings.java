package dev.clm.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the embedded HTTP control plane ({@code dev.clm.http}): the {@code http} section
 * of the settings tree ({@code http.port}, {@code CLM_HTTP_TOKEN}, ...).
 *
 * @param host             address to bind; loopback unless set otherwise (default {@value #DEFAULT_HOST})
 * @param port             TCP port; 0 picks a free one (default {@value #DEFAULT_PORT})
 * @param token            bearer token required by every state-changing endpoint, at least 16 characters;
 *                         empty (the default) disables mutations (they answer 403 saying so). Never printed.
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
        if (host.isBlank()) throw new InvalidConfigException("http.host", host, "a host name or address to bind");
        if (port < 0 || port > 65_535) throw new InvalidConfigException("http.port", port, "[0, 65535]");
        if (token == null) token = "";
        if (!token.isEmpty() && token.length() < 16) {
            throw new InvalidConfigException("http.token", "(" + token.length() + " characters)",
                    "empty (mutations disabled) or at least 16 characters: a guessable token protects nothing");
        }
        if (maxBodyBytes < 1 || maxBodyBytes > 1_048_576) throw new InvalidConfigException("http.max-body-bytes", maxBodyBytes, "[1, 1048576]");
        if (threads < 1 || threads > 256) throw new InvalidConfigException("http.threads", threads, "[1, 256]");
        Objects.requireNonNull(dashboardRefresh, "dashboardRefresh");
        if (dashboardRefresh.compareTo(Duration.ofSeconds(1)) < 0 || dashboardRefresh.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidConfigException("http.dashboard-refresh", dashboardRefresh, "[1s, 1h]");
        }
    }

    /** Loopback, port {@value #DEFAULT_PORT}, no token (read-only API). */
    public static HttpSettings defaults() {
        return new HttpSettings(DEFAULT_HOST, DEFAULT_PORT, "", DEFAULT_MAX_BODY_BYTES, DEFAULT_THREADS, DEFAULT_DASHBOARD_REFRESH);
    }

    public HttpSettings withHost(String v) { return new HttpSettings(v, port, token, maxBodyBytes, threads, dashboardRefresh); }
    public HttpSettings withPort(int v) { return new HttpSettings(host, v, token, maxBodyBytes, threads, dashboardRefresh); }
    public HttpSettings withToken(String v) { return new HttpSettings(host, port, v, maxBodyBytes, threads, dashboardRefresh); }
    public HttpSettings withMaxBodyBytes(int v) { return new HttpSettings(host, port, token, v, threads, dashboardRefresh); }
    public HttpSettings withThreads(int v) { return new HttpSettings(host, port, token, maxBodyBytes, v, dashboardRefresh); }
    public HttpSettings withDashboardRefresh(Duration v) { return new HttpSettings(host, port, token, maxBodyBytes, threads, v); }

    /** Whether state-changing endpoints are enabled. */
    public boolean mutationsEnabled() { return !token.isEmpty(); }

    @Override
    public String toString() {
        // never print the token
        return "HttpSettings[host=" + host + ", port=" + port + ", token=" + (token.isEmpty() ? "none" : "****") + ", maxBodyBytes="
                + maxBodyBytes + ", threads=" + threads + ", dashboardRefresh=" + dashboardRefresh + "]";
    }
}
