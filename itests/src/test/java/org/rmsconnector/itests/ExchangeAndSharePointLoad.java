package org.rmsconnector.itests;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.RmsClientException;

/**
 * The demo's Exchange and SharePoint servers each calling the connector in a loop while a test does something to the
 * Exchange workload (disables it, replaces its jar). Counts what each got: Exchange may get clean 503s naming its
 * workload, anything else is {@link #wrong}; SharePoint must never fail.
 */
final class ExchangeAndSharePointLoad implements AutoCloseable {

    final AtomicInteger exchangeOk = new AtomicInteger();
    final AtomicInteger exchange503 = new AtomicInteger();
    final AtomicInteger exchangeOkAfterMark = new AtomicInteger();
    final AtomicInteger sharepointOk = new AtomicInteger();
    final ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong mark = new AtomicLong(Long.MAX_VALUE);
    private final List<Thread> threads;

    ExchangeAndSharePointLoad(RmsClient exchange, RmsClient sharepoint) {
        threads = List.of(new Thread(() -> {
            while (running.get()) {
                try {
                    exchange.templates();
                    exchangeOk.incrementAndGet();
                    if (System.nanoTime() > mark.get()) {
                        exchangeOkAfterMark.incrementAndGet();
                    }
                } catch (RmsClientException e) {
                    if (e.httpStatus() == 503 && e.getMessage().contains("exchange")) {
                        exchange503.incrementAndGet();
                    } else {
                        wrong.add("exchange: " + e.httpStatus() + " " + e.getMessage());
                    }
                }
            }
        }, "exchange-load"), new Thread(() -> {
            while (running.get()) {
                try {
                    sharepoint.templates();
                    sharepointOk.incrementAndGet();
                } catch (RmsClientException e) {
                    wrong.add("sharepoint: " + e.httpStatus() + " " + e.getMessage());
                }
            }
        }, "sharepoint-load"));
        threads.forEach(Thread::start);
    }

    /** From now on, Exchange successes are also counted in {@link #exchangeOkAfterMark}. */
    void mark() {
        mark.set(System.nanoTime());
    }

    /** Stops both loops and waits for them (each call ends within the client's timeout). */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}
