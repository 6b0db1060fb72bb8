package dev.clm.models.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts live native handles (boosters, DMatrix / LightGBM datasets) by kind, so tests can
 * prove that every handle a trainer or model opens is freed. Not part of the public API.
 * Thread-safe.
 */
public final class NativeHandles {
    private static final ConcurrentHashMap<String, AtomicLong> LIVE = new ConcurrentHashMap<>();

    private NativeHandles() {}

    public static void opened(String kind) {
        LIVE.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    public static void closed(String kind) {
        LIVE.computeIfAbsent(kind, k -> new AtomicLong()).decrementAndGet();
    }

    /** Handles of {@code kind} opened and not yet freed in this JVM. */
    public static long live(String kind) {
        AtomicLong n = LIVE.get(kind);
        return n == null ? 0 : n.get();
    }
}
