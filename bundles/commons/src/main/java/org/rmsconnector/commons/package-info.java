/**
 * Small plumbing several bundles need exactly the same way: the node's name, JSON string quoting and the request-id
 * rule. Plain Java, never exported: each bundle embeds what it uses with {@code -conditionalpackage:
 * org.rmsconnector.commons.*}, so a fix here reaches a bundle when that bundle is rebuilt, and no bundle is refreshed
 * because another one changed.
 */
package org.rmsconnector.commons;
