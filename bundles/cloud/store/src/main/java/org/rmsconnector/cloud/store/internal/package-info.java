/** The store's transaction runner on OSGi Transaction Control, offered as the {@code TxRunner} service; private. */
package org.rmsconnector.cloud.store.internal;
