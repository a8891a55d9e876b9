/**
 * The Exchange workload adapter. Not exported: the relay finds the adapter as a {@code WorkloadAdapter} service
 * with {@code rms.workload=exchange}.
 * <p>
 * <b>Enable and disable by configuration.</b> The bundle holds two components that share the configuration PID
 * {@code org.rmsconnector.workload.exchange}:
 * <ul>
 * <li>{@link org.rmsconnector.exchange.internal.ExchangeAdapter} provides the service. It is declared
 * {@code enabled="false"}, so SCR never registers it on its own. It takes its limits from the same PID in a
 * {@code @Modified} method, so an update never re-creates it and requests see no gap.</li>
 * <li>{@link org.rmsconnector.exchange.internal.ExchangeSwitch} (an {@code AdapterSwitch}, shared by the adapters and embedded in each) is immediate, provides nothing and carries the
 * metatype ({@code @Designate}). On activation and on every configuration update it calls
 * {@code ComponentContext.enableComponent} or {@code disableComponent} for the adapter, according to
 * {@code enabled} (default {@code true}).</li>
 * </ul>
 * Why this pattern: the state lives in ConfigAdmin, so it survives a restart and can be changed at run time from
 * the Web Console, a {@code .cfg} file or the REST API. A disabled workload is a normal state, so nothing is
 * logged as an error: the adapter is disabled, not failing to activate (throwing from {@code activate} would log
 * an error on every configuration change). Nothing is registered by hand. The adapter is off until the switch has
 * read the configuration, so a workload disabled before a restart never serves a request after it. SCR enables a
 * component within milliseconds of the call, well under the one second the design allows. The switch announces
 * a change as event 4000 or 4001.
 * <p>
 * One side effect: enabling or disabling the adapter on the Web Console's Components page works too, but only
 * until the next configuration update, which puts the configured state back.
 * <p>
 * A third component, {@link org.rmsconnector.exchange.internal.ExchangeServerConfiguration}, provides the registry values the
 * on-premises servers need ({@code org.rmsconnector.api.admin.ServerConfiguration}). It is not switched: the
 * configuration can be generated while the workload is disabled.
 */
package org.rmsconnector.exchange.internal;
