package org.rmsconnector.console.internal;

/**
 * The part of the relay's configuration (PID {@code org.rmsconnector.relay}) the status page shows, so the node's
 * name is configured once, where the relay's metatype describes it.
 */
@interface NodeSettings {
    String PID = "org.rmsconnector.relay";

    String node_name() default "";
}
