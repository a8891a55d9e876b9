/** Decides which rights a user gets on protected content, and whether a template may be used to publish. */
package org.rmsconnector.cloud.internal.rights;
