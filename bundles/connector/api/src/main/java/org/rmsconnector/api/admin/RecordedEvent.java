package org.rmsconnector.api.admin;

import java.time.Instant;
import java.util.Map;

import org.rmsconnector.api.event.ConnectorEvent;

/**
 * One event as it was posted.
 *
 * @param sequence   its number in this node's run (grows by one per event)
 * @param time       when it was posted
 * @param id         its catalog id
 * @param level      its level
 * @param message    its message
 * @param properties its other properties, as text (account, workload, request id, ...)
 */
public record RecordedEvent(long sequence, Instant time, int id, ConnectorEvent.Level level, String message,
        Map<String, String> properties) {
    public RecordedEvent {
        properties = Map.copyOf(properties);
    }
}
