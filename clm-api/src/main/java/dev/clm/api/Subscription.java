package dev.clm.api;

/** Handle of a subscription; {@link #cancel()} stops delivery. Idempotent. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    void cancel();

    @Override
    default void close() {
        cancel();
    }
}
