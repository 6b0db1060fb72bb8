package dev.clm.http.internal;

import java.time.Duration;
import java.util.function.Function;

/**
 * A handler whose answer is reused for a short time: many clients polling a status or metrics
 * endpoint then cost one computation per period instead of one each. An expired answer is still
 * served while one background thread recomputes it (stale-while-revalidate, at most one period
 * old), so no poller waits for a slow computation. Any state change made through the
 * API ({@code changes}, bumped by every mutation route) drops the reused answer at once, so a
 * client never reads its own change stale. For parameterless GET routes only.
 */
final class Cached implements Function<Request, Response> {
    private final Function<Request, Response> handler;
    private final long ttlNanos;
    private final java.util.concurrent.atomic.AtomicLong changes;
    private volatile Response last;
    private volatile long expiresNanos;
    private volatile long generation;
    private final java.util.concurrent.atomic.AtomicBoolean refreshing = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.locks.ReentrantLock refresh = new java.util.concurrent.locks.ReentrantLock();

    Cached(Duration ttl, java.util.concurrent.atomic.AtomicLong changes, Function<Request, Response> handler) {
        this.handler = handler;
        this.ttlNanos = ttl.toNanos();
        this.changes = changes;
    }

    private boolean fresh(Response r) {
        return r != null && generation == changes.get() && System.nanoTime() - expiresNanos < 0;
    }

    @Override
    public Response apply(Request request) {
        Response r = last;
        if (fresh(r)) return r;
        if (r != null && generation == changes.get()) {
            // expired but nothing changed through the API: answer with it and recompute in the background
            if (refreshing.compareAndSet(false, true)) {
                Thread t = new Thread(() -> {
                    try {
                        recompute(request);
                    } catch (RuntimeException e) {
                        expiresNanos = System.nanoTime(); // the next caller tries again
                    } finally {
                        refreshing.set(false);
                    }
                }, "clm-http-refresh");
                t.setDaemon(true);
                t.start();
            }
            return r;
        }
        return recompute(request);
    }

    private Response recompute(Request request) {
        refresh.lock();
        try {
            Response r = last;
            if (fresh(r)) return r;
            long g = changes.get();
            r = handler.apply(request);
            if (r.status() == 200) {
                last = r;
                generation = g;
                expiresNanos = System.nanoTime() + ttlNanos;
            }
            return r;
        } finally {
            refresh.unlock();
        }
    }
}
