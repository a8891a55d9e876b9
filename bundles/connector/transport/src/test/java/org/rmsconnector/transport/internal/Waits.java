package org.rmsconnector.transport.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.rmsconnector.testing.Await;

/** Every wait in these tests has a deadline. */
public final class Waits {

    private Waits() {
    }

    /** Polls {@code condition} every 20 ms until it holds; fails with {@code what} after {@code deadline}. */
    public static void until(Duration deadline, String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(deadline, condition, what);
    }

    /** Like {@link #until} and returns the value once {@code value} gives a non-null one. */
    public static <T> T value(Duration deadline, String what, Supplier<T> value) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            T v = value.get();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() - end > 0) {
                fail("not within " + deadline.toMillis() + " ms: " + what);
            }
            Thread.sleep(20);
        }
    }
}
