package org.rmsconnector.console.internal;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What every plugin of this bundle shares. The Web Console calls {@link #doGet} inside its page (header,
 * navigation, footer are the console's) and passes a POST straight through, unwrapped: so a POST is checked for
 * request forgery, carries out the change and redirects (303) to the plugin's page with the signed outcome, and the
 * page then renders within the console.
 */
abstract class ConsolePlugin extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** Set by the Web Console on every request: the plugin's absolute path. */
    static final String ATTR_PLUGIN_ROOT = "felix.webconsole.pluginRoot";

    private final transient Csrf csrf;

    ConsolePlugin(Csrf csrf) {
        this.csrf = csrf;
    }

    /**
     * Appends the page's content. Every value read from a service or the request goes through {@link Html}.
     *
     * @param token the form token for this user, for the hidden {@code csrf} field of every POST form
     */
    abstract void render(HttpServletRequest req, String token, StringBuilder html);

    /**
     * Carries out a POST whose origin and token have been checked.
     *
     * @return what happened, shown on the page the browser is redirected to; {@code null} when this method wrote
     *         the answer itself (a download, an error page)
     */
    Outcome change(HttpServletRequest req, Form form, HttpServletResponse resp) throws IOException {
        answer(req, resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "This page changes nothing.");
        return null;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (resp.getContentType() == null) { // outside the console (tests, a non-HTML request) nothing set it
            resp.setContentType("text/html;charset=UTF-8");
        }
        StringBuilder html = new StringBuilder(16 * 1024);
        html.append("<div class=\"rms-console\">\n");
        Outcome outcome = Outcome.fromQuery(req, csrf);
        if (outcome != null) {
            html.append(outcome.html());
        }
        int mark = html.length();
        try {
            render(req, csrf.token(req), html);
        } catch (RuntimeException e) { // a service failing mid-call must not turn the console page into a 500
            html.setLength(mark);
            html.append("<p class=\"rms-error\">This page could not be rendered: ").append(Html.text(e.toString()))
                    .append("</p>\n");
        }
        html.append("</div>\n");
        PrintWriter out = resp.getWriter();
        out.write(html.toString());
        out.flush();
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Form form;
        try {
            form = Form.of(req);
        } catch (IllegalArgumentException e) {
            answer(req, resp, HttpServletResponse.SC_BAD_REQUEST, e.getMessage() + " Nothing was changed.");
            return;
        }
        String refusal = csrf.refusal(req, form.value(Csrf.FIELD));
        if (refusal != null) {
            answer(req, resp, HttpServletResponse.SC_FORBIDDEN, refusal);
            return;
        }
        Outcome outcome;
        try {
            outcome = change(req, form, resp);
        } catch (IllegalArgumentException e) {
            outcome = Outcome.error(e.getMessage());
        } catch (RuntimeException e) {
            outcome = Outcome.error("The operation failed: " + e);
        }
        if (outcome != null) {
            resp.setStatus(HttpServletResponse.SC_SEE_OTHER);
            resp.setHeader("Location", pluginRoot(req) + "?" + outcome.toQuery(req, csrf));
        }
    }

    /** The hidden field every POST form carries. */
    static String tokenField(String token) {
        return "<input type=\"hidden\" name=\"" + Csrf.FIELD + "\" value=\"" + Html.attr(token) + "\">";
    }

    static String pluginRoot(HttpServletRequest req) {
        Object root = req.getAttribute(ATTR_PLUGIN_ROOT);
        return root instanceof String s ? s : req.getRequestURI();
    }

    /**
     * A page of its own for an answer to a POST that is not a redirect (the console does not wrap POST answers),
     * with a link back to the plugin.
     */
    static void answer(HttpServletRequest req, HttpServletResponse resp, int status, String message)
            throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/html;charset=UTF-8");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        PrintWriter out = resp.getWriter();
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>RMS Connector - "
                + status + "</title></head><body>\n<h1>" + (status == HttpServletResponse.SC_FORBIDDEN ? "Refused"
                        : "Not done") + "</h1>\n<p id=\"refusal\">" + Html.text(message) + "</p>\n<p><a href=\""
                + Html.attr(pluginRoot(req)) + "\">Back to the page</a></p>\n</body></html>\n");
        out.flush();
    }
}
