package dev.clm.core;

/**
 * How a cycle treats what is thrown inside it. Anything may come out of a data client or a
 * trainer: runtime exceptions, checked exceptions thrown sneakily, {@link AssertionError},
 * {@link LinkageError} (a missing native library or class), and {@link VirtualMachineError}s.
 *
 * <ul>
 *   <li>Ordinary failures (every {@link Throwable} except a {@link VirtualMachineError}) are
 *       failures of the stage they happen in: a model type's failure is isolated to that type,
 *       a data failure fails the cycle, and the cycle returns its report.</li>
 *   <li>A {@link VirtualMachineError} ({@link OutOfMemoryError}, {@link StackOverflowError},
 *       {@link InternalError}) is fatal for the cycle: the JVM may be short of memory or in an
 *       inconsistent state, so no further type is trained. The cycle still cleans up — models
 *       closed, the candidate rejected, the job marked FAILED with the error, the job lock
 *       released, {@code learning.retraining.failed} published — and then rethrows the original
 *       error unchanged, so the caller's (or the JVM's) handling of it still applies.</li>
 * </ul>
 */
final class CycleErrors {
    private CycleErrors() {}

    /** Whether {@code t} ends the whole cycle (after clean-up) instead of one stage or type. */
    static boolean isFatal(Throwable t) {
        return t instanceof VirtualMachineError;
    }

    /**
     * The text a report or job row shows for {@code t}: its message for a runtime exception
     * that has one, otherwise its class and message (an {@code AssertionError} or a sneaky
     * checked exception says what it is).
     */
    static String describe(Throwable t) {
        if (t instanceof ModelCycle.StageFailure f) return f.getMessage();
        String message = t.getMessage();
        if (t instanceof RuntimeException && message != null && !message.isBlank()) return message;
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /** Throws {@code t} as it is (checked or not) from a method that cannot declare it. */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException rethrow(Throwable t) throws T {
        throw (T) t;
    }
}
