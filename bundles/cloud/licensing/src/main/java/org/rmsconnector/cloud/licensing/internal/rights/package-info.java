/**
 * Decides which rights a user gets on protected content, and whether a template may be used to publish. Private to the
 * licensing bundle.
 */
package org.rmsconnector.cloud.licensing.internal.rights;
