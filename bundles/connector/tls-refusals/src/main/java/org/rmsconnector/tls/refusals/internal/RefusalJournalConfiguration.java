package org.rmsconnector.tls.refusals.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "RMS Connector - Refused TLS client certificates",
        description = "How refused TLS client certificates become events (4020). Every refusal is counted in"
                + " /metrics (rms_tls_handshakes_refused_total); events are limited so a client retrying in a loop"
                + " cannot flood the event log.")
@interface RefusalJournalConfiguration {

    @AttributeDefinition(name = "Event interval (seconds)",
            description = "At most one event per client certificate (subject and issuer) and reason within this"
                    + " many seconds; further refusals of it are counted and reported in one summary event when the"
                    + " interval ends. 0 reports every refusal.")
    int event_interval_seconds() default 60;

    @AttributeDefinition(name = "Certificates tracked per interval",
            description = "Distinct certificates reported one by one within an interval; refusals of further ones"
                    + " are counted per reason and summarized together.")
    int tracked_certificates_max() default 1000;
}
