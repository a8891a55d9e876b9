package org.rmsconnector.api.admin;

import java.time.Instant;

/**
 * The relay's traffic during one interval.
 *
 * @param end        the end of the interval
 * @param requests   requests answered in it
 * @param errors     of those, answered with 5xx
 * @param meanMillis their mean total response time in milliseconds, 0 when none
 */
public record TrafficSample(Instant end, long requests, long errors, double meanMillis) {
}
