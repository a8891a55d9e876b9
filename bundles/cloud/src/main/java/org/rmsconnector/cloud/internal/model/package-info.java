/** The tenant's domain values: directory principals, templates and their grants, authorized servers, connectors and usage records. */
package org.rmsconnector.cloud.internal.model;
