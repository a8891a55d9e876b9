/** Export of the usage log in the W3C extended log file format. */
package org.rmsconnector.cloud.service.internal.usage;
