package org.rmsconnector.doctor.internal;

import java.time.Duration;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.Result;

/** What the checks share: one-message results and readable durations. */
final class Findings {

    /** The configuration every fix names. */
    static final String PID = "org.rmsconnector.transport";

    private Findings() {
    }

    /** One message at one status; the text is taken literally (braces included). */
    static Result of(Result.Status status, String message) {
        FormattingResultLog log = new FormattingResultLog();
        switch (status) {
            case OK:
                log.info("{}", message);
                break;
            case WARN:
                log.warn("{}", message);
                break;
            case TEMPORARILY_UNAVAILABLE:
                log.temporarilyUnavailable("{}", message);
                break;
            case CRITICAL:
                log.critical("{}", message);
                break;
            default:
                log.healthCheckError("{}", message);
        }
        return new Result(log);
    }

    /** Without the transport, no check can say anything about the cloud. */
    static Result noTransport() {
        return of(Result.Status.CRITICAL, "the cloud transport is not running on this node, so nothing reaches the"
                + " cloud. Fix: give it its configuration (etc/" + PID + ".cfg with .credentials.password at least)"
                + " and read the log for why it did not start");
    }

    static String human(Duration d) {
        long s = Math.abs(d.toSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 2 * 3600) {
            return s / 60 + " min";
        }
        if (s < 2 * 86400) {
            return s / 3600 + " h";
        }
        return s / 86400 + " days";
    }
}
