/**
 * Test helpers shared by every module's tests: {@link org.rmsconnector.testing.MutableClock},
 * {@link org.rmsconnector.testing.Configs} and {@link org.rmsconnector.testing.Await}. Test scope only.
 */
package org.rmsconnector.testing;
