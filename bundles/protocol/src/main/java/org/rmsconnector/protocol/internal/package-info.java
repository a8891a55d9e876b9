/** Implementation helpers of the protocol bundle: JSON field access and JOSE plumbing. Not exported. */
package org.rmsconnector.protocol.internal;
