package dev.clm.events;

import dev.clm.api.ClmEvent;
import dev.clm.api.EventPublisher;
import dev.clm.api.Subscription;
import java.time.Clock;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topic-based {@link EventPublisher} inside one process.
 *
 * <p>Listeners live in a copy-on-write list, so publishing never locks. Delivery runs on the
 * given {@link Executor} (use {@code Runnable::run} for synchronous delivery on the
 * publisher's thread, the default). A listener that throws is logged and counted; it never
 * fails the publisher or the other listeners. Publishers ask {@link #hasSubscribers} before
 * building an event nobody would read. The clock is the one the engine's own events use.
 *
 * <p>{@link #async(Clock)} delivers on a daemon thread owned by the bus (in publication
 * order, so the publisher never runs listener code, such as a retraining triggered by a
 * drift event); {@link #close()} stops that thread after the queued events.
 */
public final class InProcessEventBus implements EventPublisher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessEventBus.class);

    private final Clock clock;

    /** The bus's clock, for the engine's own events (e.g. {@code new ClmEvent.RegimeChanged(bus.clock().instant(), ...)}). */
    public Clock clock() {
        return clock;
    }
    private final Executor executor;
    private final CopyOnWriteArrayList<Registration> registrations = new CopyOnWriteArrayList<>();
    private final AtomicLong listenerFailures = new AtomicLong();
    private final ExecutorService owned;

    /** Synchronous delivery on the publishing thread. */
    public InProcessEventBus(Clock clock) {
        this(clock, Runnable::run);
    }

    public InProcessEventBus(Clock clock, Executor executor) {
        this(clock, executor, null);
    }

    private InProcessEventBus(Clock clock, Executor executor, ExecutorService owned) {
        if (clock == null || executor == null) throw new IllegalArgumentException("clock and executor must not be null");
        this.clock = clock;
        this.executor = executor;
        this.owned = owned;
    }

    /** A bus delivering asynchronously, in publication order, on its own daemon thread. */
    public static InProcessEventBus async(Clock clock) {
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "clm-events");
            t.setDaemon(true);
            return t;
        });
        return new InProcessEventBus(clock, ex, ex);
    }

    /** Stops the bus's own delivery thread (if it has one) after the events already queued. Idempotent. */
    @Override
    public void close() {
        if (owned != null) owned.shutdown();
    }

    @Override
    public void publish(ClmEvent event) {
        if (event == null) throw new IllegalArgumentException("event must not be null");
        String topic = event.topic();
        for (Registration r : registrations) {
            if (!r.matches(topic)) continue;
            ClmEvent e = event;
            try {
                executor.execute(() -> deliver(r, e));
            } catch (RuntimeException rejected) {
                listenerFailures.incrementAndGet();
                LOG.warn("event {} not delivered to {}: executor rejected it ({})", topic, r.pattern, rejected.toString());
            }
        }
    }

    private void deliver(Registration r, ClmEvent e) {
        try {
            r.listener.accept(e);
        } catch (RuntimeException ex) {
            listenerFailures.incrementAndGet();
            LOG.warn("listener for '{}' failed on event {}; other listeners are unaffected", r.pattern, e.topic(), ex);
        }
    }

    @Override
    public Subscription subscribe(String topicPattern, Consumer<ClmEvent> listener) {
        if (topicPattern == null || topicPattern.isBlank()) throw new IllegalArgumentException("topicPattern must not be blank");
        if (listener == null) throw new IllegalArgumentException("listener must not be null");
        Registration r = new Registration(topicPattern, listener);
        registrations.add(r);
        return () -> registrations.remove(r);
    }

    @Override
    public boolean hasSubscribers(String topic) {
        for (Registration r : registrations) if (r.matches(topic)) return true;
        return false;
    }

    /** Number of listener invocations that threw (or could not be scheduled) so far. */
    public long listenerFailures() {
        return listenerFailures.get();
    }

    private static final class Registration {
        final String pattern;
        final Consumer<ClmEvent> listener;
        final String prefix;

        Registration(String pattern, Consumer<ClmEvent> listener) {
            this.pattern = pattern;
            this.listener = listener;
            this.prefix = pattern.equals("*") ? "" : pattern.endsWith(".*") ? pattern.substring(0, pattern.length() - 1) : null;
        }

        boolean matches(String topic) {
            return prefix == null ? pattern.equals(topic) : topic.startsWith(prefix);
        }
    }
}
