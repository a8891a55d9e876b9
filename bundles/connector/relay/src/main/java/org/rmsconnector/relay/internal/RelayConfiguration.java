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

    @AttributeDefinition(name = "Drain on SIGTERM",
            description = "On SIGTERM the node first leaves its load balancer's rotation (/health answers 503), serves"
                    + " for the drain period, lets the requests in flight finish, then stops. Off: it stops at once.")
    boolean drain_on_sigterm() default true;

    @AttributeDefinition(name = "Drain period (s)",
            description = "How long a draining node keeps serving before it stops: long enough for the balancer to"
                    + " take it out (HAProxy: inter x fall, e.g. 1 s x 2). A second SIGTERM stops at once.")
    int drain_seconds() default 5;

    @AttributeDefinition(name = "Adapter swap wait (ms)",
            description = "When a workload's adapter bundle is replaced, updated or its jar moved out, requests for"
                    + " that workload wait this long for the next adapter instead of failing (at most the request"
                    + " timeout). A workload disabled by its configuration answers 503 at once.")
    long adapter_wait_ms() default 15_000;

    @AttributeDefinition(name = "Per-server concurrency limit",
            description = "At most this many relayed requests in flight per on-premises server (client account);"
                    + " more get 429 with Retry-After. 0: no limit.")
    int server_max_concurrent() default 16;

    @AttributeDefinition(name = "Per-server rate limit (requests/s)",
            description = "At most this many relayed requests per second per on-premises server, with a burst of one"
                    + " second's worth; more get 429 with Retry-After. 0: no limit.")
    int server_max_rate() default 500;

    @AttributeDefinition(name = "Per-role and per-entry limits",
            description = "Overrides, most specific first: '<entry>=<concurrent>/<per second>' for an entry of the"
                    + " authorized-servers list (account, computer or group as listed), 'role:<exchange|sharepoint|"
                    + "fci>=<concurrent>/<per second>' for a role. 0 in either place: no limit.")
    String[] server_limits() default {};
}
