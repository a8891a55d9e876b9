/**
 * Test helpers shared by every module's tests: {@link org.rmsconnector.testing.MutableClock},
 * {@link org.rmsconnector.testing.Configs}, {@link org.rmsconnector.testing.Await} and
 * {@link org.rmsconnector.testing.TestDatabase}. Test scope only.
 */
package org.rmsconnector.testing;
