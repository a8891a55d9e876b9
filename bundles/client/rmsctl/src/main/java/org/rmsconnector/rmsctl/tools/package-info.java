/** Tools the distribution's start scripts run once, before the node starts. Not part of the SDK. */
package org.rmsconnector.rmsctl.tools;
