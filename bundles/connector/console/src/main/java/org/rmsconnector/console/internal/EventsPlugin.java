package org.rmsconnector.console.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.TreeMap;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rmsconnector.api.admin.EventLog;
import org.rmsconnector.api.admin.RecordedEvent;
import org.rmsconnector.api.event.ConnectorEvent;

/** "Events": this node's recent events of the catalog, newest first, filtered by id, level and text. Read only. */
@Component(service = Servlet.class)
@WebConsolePlugin(label = "rms-events", title = "Events", css = "/rms-events/res/rms-console.css")
public class EventsPlugin extends ConsolePlugin {
    private static final long serialVersionUID = 1L;
    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 1000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile EventLog log;

    @Activate
    public EventsPlugin() {
        this(Csrf.withRandomKey());
    }

    EventsPlugin(Csrf csrf) {
        super(csrf);
    }

    /** The filter as the GET form sent it; a bad value is reported, not guessed. */
    record Filter(Integer id, ConnectorEvent.Level level, String text, int limit, String problem) {
        static Filter of(HttpServletRequest req) {
            String idText = trim(req.getParameter("id"));
            String levelText = trim(req.getParameter("level"));
            String limitText = trim(req.getParameter("limit"));
            Integer id = null;
            ConnectorEvent.Level level = null;
            int limit = DEFAULT_LIMIT;
            try {
                if (idText != null) {
                    id = Integer.valueOf(idText);
                }
            } catch (NumberFormatException e) {
                return problem("The event id must be a number such as 2001, not '" + idText + "'.");
            }
            if (levelText != null) {
                level = Arrays.stream(ConnectorEvent.Level.values()).filter(l -> l.name().equalsIgnoreCase(levelText))
                        .findFirst().orElse(null);
                if (level == null) {
                    return problem("The level must be INFO, WARNING or ERROR, not '" + levelText + "'.");
                }
            }
            try {
                if (limitText != null) {
                    limit = Integer.parseInt(limitText);
                }
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                return problem("The limit must be a number from 1 to " + MAX_LIMIT + ", not '" + limitText + "'.");
            }
            return new Filter(id, level, trim(req.getParameter("text")), limit, null);
        }

        private static Filter problem(String message) {
            return new Filter(null, null, null, DEFAULT_LIMIT, message);
        }

        private static String trim(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }
    }

    @Override
    void render(HttpServletRequest req, String token, StringBuilder html) {
        html.append("<h2>Events</h2>\n");
        renderForm(req, html);
        Filter filter = Filter.of(req);
        if (filter.problem() != null) {
            html.append("<p id=\"filter-error\" class=\"rms-error\">").append(Html.text(filter.problem()))
                    .append("</p>\n");
            return;
        }
        EventLog events = log;
        if (events == null) {
            html.append(Missing.events("no events can be shown"));
            return;
        }
        List<RecordedEvent> found = events.recent(filter.limit(), filter.id(), filter.level(), filter.text());
        html.append("<p class=\"rms-note\">").append(found.size()).append(found.size() == 1 ? " event" : " events")
                .append(", newest first").append(found.size() == filter.limit() ? " (the limit; older ones are not "
                        + "shown)" : "").append(".</p>\n");
        html.append("<table id=\"events\" class=\"nicetable\">\n<thead><tr><th>Time</th><th>Id</th><th>Level</th>"
                + "<th>Message</th><th>Properties</th></tr></thead>\n<tbody>\n");
        for (RecordedEvent e : found) {
            html.append("<tr class=\"event level-").append(Html.attr(e.level().name().toLowerCase(Locale.ROOT)))
                    .append("\" data-sequence=\"").append(e.sequence()).append("\"><td class=\"event-time\">")
                    .append(Html.text(Html.time(e.time()))).append("</td><td class=\"event-id\">").append(e.id())
                    .append("</td><td class=\"event-level\">").append(Html.text(e.level().name()))
                    .append("</td><td class=\"event-message\">").append(Html.text(e.message()))
                    .append("</td><td class=\"event-properties\">");
            Map<String, String> sorted = new TreeMap<>(e.properties());
            if (!sorted.isEmpty()) {
                html.append("<dl>");
                sorted.forEach((k, v) -> html.append("<dt>").append(Html.text(k)).append("</dt><dd>")
                        .append(Html.text(v)).append("</dd>"));
                html.append("</dl>");
            }
            html.append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    private static void renderForm(HttpServletRequest req, StringBuilder html) {
        List<String> levels = Arrays.stream(ConnectorEvent.Level.values()).map(Enum::name).toList();
        String level = req.getParameter("level");
        html.append("<form method=\"get\" id=\"event-filter\">")
                .append("<label for=\"id\">Id</label> <input type=\"text\" id=\"id\" name=\"id\" size=\"6\" value=\"")
                .append(Html.attr(req.getParameter("id"))).append("\"> ")
                .append("<label for=\"level\">Level (or worse)</label> <select id=\"level\" name=\"level\">")
                .append("<option value=\"\">all</option>").append(Choices.options(levels, level)).append("</select> ")
                .append("<label for=\"text\">Text</label> <input type=\"text\" id=\"text\" name=\"text\" value=\"")
                .append(Html.attr(req.getParameter("text"))).append("\"> ")
                .append("<label for=\"limit\">At most</label> <input type=\"text\" id=\"limit\" name=\"limit\" "
                        + "size=\"5\" value=\"")
                .append(Html.attr(req.getParameter("limit") == null ? String.valueOf(DEFAULT_LIMIT)
                        : req.getParameter("limit")))
                .append("\"> <button type=\"submit\" id=\"event-filter-submit\">Show</button></form>\n");
    }
}
