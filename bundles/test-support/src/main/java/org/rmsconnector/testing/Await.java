package org.rmsconnector.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, instead of a bare {@code Thread.sleep}: returns as soon as the condition
 * holds, and fails with {@code what} (and the last state seen, when given) when the deadline passes.
 */
public final class Await {
    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /**
     * Returns once {@code condition} is true; throws {@link AssertionError} naming {@code what} when it is still false
     * after {@code deadline}.
     */
    public static void until(Duration deadline, BooleanSupplier condition, String what) throws InterruptedException {
        until(deadline, condition, what, () -> "");
    }

    /** As {@link #until(Duration, BooleanSupplier, String)}, the failure also saying what {@code state} gives. */
    public static void until(Duration deadline, BooleanSupplier condition, String what, Supplier<String> state)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                String last = state.get();
                throw new AssertionError(what + ": not true within " + deadline
                        + (last == null || last.isEmpty() ? "" : "; last: " + last));
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Keeps {@code condition} under watch for the whole of {@code period} and fails at once if it turns false: for
     * "stays so while" checks (a load keeps running, nothing else restarts).
     */
    public static void holds(Duration period, BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() - end < 0) {
            if (!condition.getAsBoolean()) {
                throw new AssertionError(what + ": stopped being true within " + period);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
