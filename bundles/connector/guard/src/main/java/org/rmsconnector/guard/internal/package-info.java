/**
 * The guard of a node's administration surface: the administrator's login with its growing delay for guessing
 * (one implementation behind the Web Console's security provider and the admin REST API), and the preprocessor
 * that keeps the console and the API on HTTPS, refuses changes another web site asks a logged-in browser to make,
 * and forbids framing. Kept apart from the console plugins and the API so that neither can be deployed without it
 * being in front. Not exported.
 */
package org.rmsconnector.guard.internal;
