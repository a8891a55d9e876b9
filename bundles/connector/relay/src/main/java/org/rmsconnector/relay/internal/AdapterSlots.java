package org.rmsconnector.relay.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.api.workload.WorkloadAdapter;

/**
 * The workload adapters bound to the relay, and the requests waiting while one is swapped. The newest adapter of a
 * workload serves it. When a workload's last adapter goes away with its bundle (the jar replaced, updated, or moved
 * out and a new one dropped in), the workload is <em>swapping</em> for the configured wait: requests for it wait
 * for the next adapter instead of failing, and get none when the wait ends. Thread-safe.
 */
final class AdapterSlots {
    /** In binding order. */
    private volatile List<WorkloadAdapter> adapters = List.of();
    /** Per swapping workload: until when (nanoTime) its requests wait. */
    private final Map<Workload, Long> swapUntil = new ConcurrentHashMap<>();
    /** Per swapping workload: completed by the next adapter bound for it. */
    private final Map<Workload, CompletableFuture<WorkloadAdapter>> arrivals = new ConcurrentHashMap<>();
    private volatile long waitNanos;

    /** How long a swapping workload's requests wait, from when its adapter went away. */
    void waitFor(long millis) {
        waitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
    }

    long waitMillis() {
        return TimeUnit.NANOSECONDS.toMillis(waitNanos);
    }

    /** The workload's adapter now. */
    Optional<WorkloadAdapter> current(Workload workload) {
        List<WorkloadAdapter> now = adapters;
        for (int i = now.size() - 1; i >= 0; i--) {
            if (now.get(i).workload() == workload) {
                return Optional.of(now.get(i));
            }
        }
        return Optional.empty();
    }

    /** The workloads that have an adapter now. */
    Set<Workload> served() {
        Set<Workload> served = EnumSet.noneOf(Workload.class);
        for (Workload w : Workload.values()) {
            current(w).ifPresent(a -> served.add(w));
        }
        return served;
    }

    boolean swapping(Workload workload) {
        Long until = swapUntil.get(workload);
        return until != null && until - System.nanoTime() > 0;
    }

    boolean anySwapping() {
        return swapUntil.values().stream().anyMatch(until -> until - System.nanoTime() > 0);
    }

    /**
     * The workload's adapter: at once when there is one; while it is swapping, the new one as soon as it arrives;
     * otherwise empty.
     */
    CompletionStage<Optional<WorkloadAdapter>> await(Workload workload) {
        Optional<WorkloadAdapter> now = current(workload);
        if (now.isPresent()) {
            return CompletableFuture.completedFuture(now);
        }
        Long until = swapUntil.get(workload);
        long left = until == null ? 0 : until - System.nanoTime();
        if (left <= 0) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        CompletableFuture<WorkloadAdapter> arrival = arrivals.computeIfAbsent(workload, w -> new CompletableFuture<>());
        Optional<WorkloadAdapter> raced = current(workload);   // bound between the first look and the future
        if (raced.isPresent()) {
            return CompletableFuture.completedFuture(raced);
        }
        return arrival.copy().completeOnTimeout(null, left, TimeUnit.NANOSECONDS).thenApply(Optional::ofNullable);
    }

    /** An adapter arrived: it serves its workload, and the requests waiting for it go on. */
    synchronized void bound(WorkloadAdapter adapter) {
        List<WorkloadAdapter> next = new ArrayList<>(adapters);
        next.add(adapter);
        adapters = List.copyOf(next);
        swapUntil.remove(adapter.workload());
        CompletableFuture<WorkloadAdapter> waiting = arrivals.remove(adapter.workload());
        if (waiting != null) {
            waiting.complete(adapter);
        }
    }

    /**
     * An adapter went away; {@code withItsBundle} when its bundle is stopping (a swap), not when only its workload
     * was disabled: then the workload is swapping, unless another adapter still serves it.
     */
    synchronized void unbound(WorkloadAdapter adapter, boolean withItsBundle) {
        List<WorkloadAdapter> next = new ArrayList<>(adapters);
        next.remove(adapter);
        Workload workload = adapter.workload();
        if (withItsBundle && waitNanos > 0 && next.stream().noneMatch(a -> a.workload() == workload)) {
            // marked before the adapter leaves the list: a request that no longer finds it finds the mark
            swapUntil.put(workload, System.nanoTime() + waitNanos);
        }
        adapters = List.copyOf(next);
    }

    /** The bundle that registered the service is going away (not merely disabling the service); or the framework is. */
    static boolean bundleStopping(BundleContext context, Map<String, Object> properties) {
        try {
            Object id = properties.get("service.bundleid");
            Bundle bundle = id instanceof Number n ? context.getBundle(n.longValue()) : null;
            return bundle == null || bundle.getState() != Bundle.ACTIVE;
        } catch (IllegalStateException e) {
            return true;   // our own bundle is stopping
        }
    }

    /** The framework itself is stopping: every adapter goes away, and that is not news. */
    static boolean frameworkStopping(BundleContext context) {
        try {
            return context.getBundle(0).getState() == Bundle.STOPPING;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
