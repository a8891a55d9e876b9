package org.rmsconnector.api.admin;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.rmsconnector.api.event.ConnectorEvent;

/** The recent events of this node (those of the catalog), newest first. Provided by the relay. */
@ProviderType
public interface EventLog {

    /**
     * @param limit    at most this many (1..1000)
     * @param id       only this event id, or {@code null} for all
     * @param minLevel only this level and more severe, or {@code null} for all
     * @param text     only events whose message or properties contain this (case-insensitive), or {@code null}
     */
    List<RecordedEvent> recent(int limit, Integer id, ConnectorEvent.Level minLevel, String text);
}
