package org.rmsconnector.console.internal;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What a POST did, carried to the page it redirects to in the query string and signed for the user, so the page
 * shows it without the console keeping any state and nobody can make the page show a message of their choosing.
 */
record Outcome(boolean ok, String message) {
    private static final int MAX_MESSAGE = 600;
    static final String PARAM_OUTCOME = "outcome";
    static final String PARAM_MESSAGE = "message";
    static final String PARAM_SIGNATURE = "sig";

    Outcome {
        message = message == null ? "" : message;
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "...";
        }
    }

    static Outcome ok(String message) {
        return new Outcome(true, message);
    }

    static Outcome error(String message) {
        return new Outcome(false, message);
    }

    /** The query string (without {@code ?}) carrying this outcome to the next GET. */
    String toQuery(HttpServletRequest req, Csrf csrf) {
        String kind = ok ? "ok" : "error";
        return PARAM_OUTCOME + "=" + kind + "&" + PARAM_MESSAGE + "=" + Html.query(message) + "&"
                + PARAM_SIGNATURE + "=" + Html.query(csrf.sign(req, kind, message));
    }

    /** The outcome this GET carries, or {@code null} when none or when its signature is not ours for this user. */
    static Outcome fromQuery(HttpServletRequest req, Csrf csrf) {
        String kind = req.getParameter(PARAM_OUTCOME);
        String message = req.getParameter(PARAM_MESSAGE);
        if (kind == null || message == null || !("ok".equals(kind) || "error".equals(kind))) {
            return null;
        }
        if (!csrf.verify(req, req.getParameter(PARAM_SIGNATURE), kind, message)) {
            return null;
        }
        return new Outcome("ok".equals(kind), message);
    }

    /** The banner; {@code id="outcome"} with class {@code rms-ok} or {@code rms-error}. */
    String html() {
        return "<p id=\"outcome\" role=\"status\" class=\"" + (ok ? "rms-ok" : "rms-error") + "\">"
                + Html.text(message) + "</p>\n";
    }
}
