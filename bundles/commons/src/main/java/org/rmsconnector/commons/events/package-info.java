/**
 * Catalog events ({@code ConnectorEvent}) as EventAdmin events with the catalog's properties, and the one-line log
 * form the relay's journal writes. The bundles keep their own (optional, dynamic) EventAdmin reference and hand it
 * in; embedded with {@code -conditionalpackage}, never exported.
 */
package org.rmsconnector.commons.events;
