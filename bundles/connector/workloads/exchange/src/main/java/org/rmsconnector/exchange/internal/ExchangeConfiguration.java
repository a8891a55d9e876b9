package org.rmsconnector.exchange.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "RMS Connector - Exchange workload",
        description = "The rules for Exchange servers (super user). PID org.rmsconnector.workload.exchange; "
                + "changes apply at once, and disabling survives a restart.")
@interface ExchangeConfiguration {

    @AttributeDefinition(name = "Enabled",
            description = "Serve the Exchange workload on this node. When off, Exchange requests get 503 "
                    + "workload_unavailable; the other workloads are unaffected.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Licenses per request", min = "1", max = "100",
            description = "Most items in one batched license request (transport, journal decryption, search). "
                    + "More are refused with 413; the protocol carries at most 100.")
    int max_batch_items() default 100;

    @AttributeDefinition(name = "Pre-license recipients per request", min = "1", max = "100",
            description = "Most recipients of one message in one pre-license request. More are refused with 413; "
                    + "the protocol carries at most 100.")
    int max_prelicense_recipients() default 100;

    @AttributeDefinition(name = "Do-Not-Forward recipients", min = "1", max = "10000",
            description = "Most recipients of one Do-Not-Forward message, each of whom gets a grant in the "
                    + "publishing license. More are refused with 413.")
    int max_dnf_recipients() default 500;
}
