package org.rmsconnector.console.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The service properties that make a {@code jakarta.servlet.Servlet} service a Felix Web Console plugin
 * ({@code felix.webconsole.label}, {@code .title}, {@code .category}, {@code .css}), as a component property type
 * so each plugin states them once and in one place.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@interface WebConsolePlugin {
    String PREFIX_ = "felix.webconsole.";

    /** The path segment under {@code /system/console}; the browser tests depend on it. */
    String label();

    String title();

    String category() default "RMS Connector";

    /** Style sheets, under the plugin's own {@code <label>/res/}, served from this bundle's {@code res/}. */
    String[] css();
}
