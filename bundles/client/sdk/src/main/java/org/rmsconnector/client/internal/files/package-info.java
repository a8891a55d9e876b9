/**
 * Files the SDK writes and reads with care: atomic output, owner-only files, trust stores and PEM certificates.
 * Not exported; rmsctl uses the same helpers and embeds its own copy ({@code -conditionalpackage}).
 */
package org.rmsconnector.client.internal.files;
