/**
 * Files only their owner may read, written so a crash never leaves half a file under the real name. Used by the
 * connector's credential store and policy cache and by the client SDK's key store; embedded with
 * {@code -conditionalpackage}, never exported.
 */
package org.rmsconnector.commons.files;
