/** The {@code rmsctl} command line, built on picocli. Not exported: its interface is the command line. */
package org.rmsconnector.rmsctl;
