package org.rmsconnector.api.admin;

/**
 * Requests of one workload since this node started.
 *
 * @param succeeded   answered with 2xx
 * @param refused     refused for the caller's fault (4xx)
 * @param unavailable answered 503 (workload disabled or gone, cloud down)
 * @param failed      other failures (5xx)
 * @param meanMillis  mean total response time in milliseconds, 0 when none
 */
public record WorkloadTraffic(long succeeded, long refused, long unavailable, long failed, double meanMillis) {
    public long total() {
        return succeeded + refused + unavailable + failed;
    }
}
