package org.rmsconnector.transport.internal;

import java.util.Map;

import org.rmsconnector.api.event.ConnectorEvent;

/** Where the transport's events of the catalog go: EventAdmin when there is one, else the log. */
@FunctionalInterface
public interface EventSink {

    /**
     * @param message    the human-readable message
     * @param properties event-specific properties (account, version, …)
     */
    public void post(ConnectorEvent event, String message, Map<String, Object> properties);
}
