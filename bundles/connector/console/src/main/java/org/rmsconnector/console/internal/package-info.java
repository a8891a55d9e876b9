/**
 * The RMS Connector's Felix Web Console plugins: plain DS servlets that read the admin services on every request and
 * render escaped HTML. Not exported.
 */
package org.rmsconnector.console.internal;
