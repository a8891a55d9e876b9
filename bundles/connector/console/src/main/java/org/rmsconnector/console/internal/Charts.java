package org.rmsconnector.console.internal;

import java.util.List;
import java.util.Locale;

/**
 * Small line charts as inline SVG, drawn on the server: no script, nothing loaded from elsewhere. Only numbers and
 * escaped titles go into the markup.
 */
final class Charts {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 80;
    private static final int PAD = 6;

    private Charts() {
    }

    /**
     * @param id     the svg element's id
     * @param title  what is drawn, e.g. "Requests per 10 s"
     * @param values oldest first
     * @param unit   appended to the figures in the caption, e.g. "ms"; may be empty
     */
    static String line(String id, String title, List<Double> values, String unit) {
        StringBuilder svg = new StringBuilder(512);
        svg.append("<figure class=\"rms-chart\"><svg id=\"").append(Html.attr(id)).append("\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(Html.attr(title)).append("\"><title>")
                .append(Html.text(title)).append("</title>")
                .append("<line class=\"rms-chart-axis\" x1=\"").append(PAD).append("\" y1=\"").append(HEIGHT - PAD)
                .append("\" x2=\"").append(WIDTH - PAD).append("\" y2=\"").append(HEIGHT - PAD).append("\"/>");
        if (values.size() >= 2) {
            svg.append("<polyline class=\"rms-chart-line\" fill=\"none\" points=\"").append(points(values))
                    .append("\"/>");
        } else {
            svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                    .append("\" text-anchor=\"middle\">no data yet</text>");
        }
        svg.append("</svg><figcaption>").append(Html.text(title));
        if (!values.isEmpty()) {
            svg.append(": now ").append(Html.text(number(finite(values.get(values.size() - 1)), unit))).append(", highest ")
                    .append(Html.text(number(max(values), unit)));
        }
        return svg.append("</figcaption></figure>\n").toString();
    }

    /** The polyline's points: x spread evenly, y scaled to the highest value (0 at the bottom). */
    static String points(List<Double> values) {
        double top = max(values);
        double scale = top <= 0 ? 0 : (HEIGHT - 2.0 * PAD) / top;
        double step = (WIDTH - 2.0 * PAD) / (values.size() - 1);
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            double v = Math.max(0, finite(values.get(i)));
            p.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", PAD + i * step,
                    HEIGHT - PAD - v * scale));
        }
        return p.toString();
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Charts::finite).max().orElse(0);
    }

    private static double finite(Double v) {
        return v == null || v.isNaN() || v.isInfinite() ? 0 : v;
    }

    private static String number(double v, String unit) {
        String n = v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
        return unit.isEmpty() ? n : n + " " + unit;
    }
}
