package org.rmsconnector.cloud.licensing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.model.UsageRecord;
import org.rmsconnector.cloud.store.CloudStore;
import org.rmsconnector.cloud.store.StoreException;
import org.rmsconnector.protocol.PublishingLicense;

/**
 * The operations' side of the usage log: one record per request or per item of a batch, granted ({@value #GRANTED})
 * or refused (the code). Records go to the store's {@link org.rmsconnector.cloud.store.UsageWriter}, which
 * writes them in batches off the request path (a full queue drops and counts them, see there). While that writer
 * is not running (tools, tests) they are written at once, and a grant that cannot be logged then becomes 503
 * {@code usage_log_unavailable}; a refusal stands even when its record cannot be written.
 */
final class UsageRecorder {

    /** The usage-log result of a granted request. */
    static final String GRANTED = "granted";

    private final CloudStore store;
    private final Clock clock;

    UsageRecorder(CloudStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    Usage start(String type, CloudCaller caller) {
        return new Usage(type, caller);
    }

    /** Appends the records of a grant: the grant fails with 503 when they cannot be written. */
    void log(List<UsageRecord> records) throws CloudException {
        try {
            store.usageWriter().submit(records);
        } catch (StoreException e) {
            throw new CloudException(503, "usage_log_unavailable",
                    "the usage log cannot be written, so nothing is granted: " + e.getMessage(), e);
        }
    }

    /** Appends the record of a refusal and gives the refusal back to be thrown. */
    CloudException logRefusal(Usage usage, CloudException refusal) {
        if (usage.records.isEmpty()) {
            usage.refused(refusal.code());
        }
        try {
            store.usageWriter().submit(usage.records);
        } catch (RuntimeException e) {
            refusal.addSuppressed(e); // the refusal stands; the log failure travels with it
        }
        return refusal;
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** The usage record of one request or item, filled in as the operation learns about the content. */
    final class Usage {
        final String type;
        final CloudCaller caller;
        final List<UsageRecord> records = new ArrayList<>(1);
        String contentId;
        String owner;
        String issuer;
        UUID templateId;
        String actingAs;

        private Usage(String type, CloudCaller caller) {
            this.type = type;
            this.caller = caller;
            this.actingAs = caller.onBehalfOf();
        }

        void describe(PublishingLicense pl) {
            contentId = pl.contentId();
            owner = pl.owner();
            issuer = pl.owner();
            templateId = OperationRules.templateId(pl.policy());
        }

        void granted() {
            refused(GRANTED);
        }

        void refused(String result) {
            // clipped to the log's columns: a refusal of an absurd request must still be logged
            records.add(new UsageRecord(clock.instant(), type, clip(caller.account(), 256), clip(result, 64),
                    clip(caller.requestId(), 128), clip(contentId, 256), clip(owner, 256), clip(issuer, 256),
                    templateId, clip(actingAs, 256), clip(caller.connectorId(), 64)));
        }
    }
}
