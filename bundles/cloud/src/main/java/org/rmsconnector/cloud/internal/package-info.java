/** The cloud rights management service's private implementation: plain Java, no OSGi types, so every part is unit-testable. */
package org.rmsconnector.cloud.internal;
