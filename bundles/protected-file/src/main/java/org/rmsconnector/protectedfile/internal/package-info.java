/** The chunk crypto of the protected-file format and the parallel chunk runs of its channels. Not exported. */
package org.rmsconnector.protectedfile.internal;
