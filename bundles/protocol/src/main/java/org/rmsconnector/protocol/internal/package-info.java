/** Implementation helpers of the protocol bundle: JSON field access, JOSE plumbing, chunk crypto. Not exported. */
package org.rmsconnector.protocol.internal;
