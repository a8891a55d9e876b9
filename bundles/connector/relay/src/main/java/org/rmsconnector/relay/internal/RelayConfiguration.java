package org.rmsconnector.relay.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "RMS Connector - Relay",
        description = "The HTTP front door under /_wmcs that on-premises servers call.")
@interface RelayConfiguration {

    @AttributeDefinition(name = "Node name",
            description = "The name this node shows on the verification page, in events and in logs. Empty: the host name.")
    String node_name() default "";

    @AttributeDefinition(name = "Maximum request body (bytes)",
            description = "Larger requests are refused with 413 before they reach a workload. Licence requests are a few KB.")
    int max_body_bytes() default 1024 * 1024;

    @AttributeDefinition(name = "Request timeout (ms)",
            description = "A request still unanswered after this long gets 504; the cloud call is abandoned.")
    long request_timeout_ms() default 60_000;

    @AttributeDefinition(name = "Health check tags",
            description = "The Felix Health Check tags /health runs. The load balancer takes a node out when any of them is critical.")
    String[] health_tags() default {"rms"};

    @AttributeDefinition(name = "Wire trace directory",
            description = "Diagnosis only: when set (relative to the node's home, e.g. log/wire-trace), every request's"
                    + " received, forwarded and answered bodies are written there, one owner-only file per request."
                    + " Empty: off.")
    String trace_directory() default "";

    @AttributeDefinition(name = "Wire trace: maximum requests",
            description = "At most this many requests are traced per configuration change.")
    int trace_max_requests() default 1000;

    @AttributeDefinition(name = "Wire trace: maximum body bytes",
            description = "Bodies longer than this are cut in the trace.")
    int trace_max_body_bytes() default 1024 * 1024;
}
