/** rmsctl's exit codes: a leaf package every command package may import without a cycle. */
package org.rmsconnector.rmsctl.exit;
