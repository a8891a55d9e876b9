package org.rmsconnector.console.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.CloudConnection;
import org.rmsconnector.api.admin.DirectoryEntry;
import org.rmsconnector.api.admin.DirectorySearch;
import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.policy.PolicySource;
import org.rmsconnector.api.workload.Workload;

/**
 * "Authorized servers": the list in force, adding and removing entries (in the cloud, through
 * {@link CloudConnection}) and a directory search that fills the add form. The list shown is always the one in
 * force on this node; a change comes back to it through the change feed.
 */
@Component(service = Servlet.class)
@WebConsolePlugin(label = "rms-servers", title = "Authorized servers", css = "/rms-servers/res/rms-console.css")
public class ServersPlugin extends ConsolePlugin {
    private static final long serialVersionUID = 1L;

    static final String EXCHANGE_WARNING = "An Exchange entry grants super-user access to all of the tenant's "
            + "content: the account can decrypt every protected document and message of every user. Add only the "
            + "Exchange servers' own accounts or group.";
    private static final String PROPAGATION = "The change reaches every node within seconds; the list below "
            + "follows once it has arrived.";
    private static final int SEARCH_LIMIT = 50;

    // Dynamic and optional: the page names a missing service instead of failing, and follows one that comes back.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile PolicySource policy;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile CloudConnection cloud;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile DirectorySearch directory;

    @Activate
    public ServersPlugin() {
        this(Csrf.withRandomKey());
    }

    ServersPlugin(Csrf csrf) {
        super(csrf);
    }

    @Override
    void render(HttpServletRequest req, String token, StringBuilder html) {
        html.append("<h2>Authorized servers</h2>\n<p class=\"rms-note\">The list lives in the cloud; changes made "
                + "here are sent there and reach every node within seconds through the change feed.</p>\n");
        renderList(token, html);
        renderAddForm(req, token, html);
        renderSearch(req, html);
    }

    private void renderList(String token, StringBuilder html) {
        PolicySource source = policy;
        if (source == null) {
            html.append(Missing.policy("the list in force cannot be shown"));
            return;
        }
        Optional<AuthorizationPolicy> current = source.current();
        if (current.isEmpty()) {
            html.append("<p id=\"policy-version\" class=\"rms-error\">No authorized-servers list has been obtained "
                    + "yet (the cloud did not answer and there is no last-known-good copy): no server may use the "
                    + "connector.</p>\n");
            return;
        }
        AuthorizationPolicy p = current.get();
        html.append("<p id=\"policy-version\">Version ").append(p.version()).append(", confirmed with the cloud ")
                .append(Html.text(Html.time(p.confirmedAt())))
                .append(p.fromCache() ? " <span class=\"rms-warning\">(the last-known-good copy from disk: the "
                        + "cloud could not be reached)</span>" : "")
                .append(".</p>\n");
        html.append("<table id=\"authorized-servers\" class=\"nicetable\">\n<thead><tr><th>Account</th>"
                + "<th>Kind</th><th>Role</th><th></th></tr></thead>\n<tbody>\n");
        List<AuthorizedServer> entries = p.entries().stream()
                .sorted(Comparator.comparing((AuthorizedServer e) -> e.role().ordinal())
                        .thenComparing(AuthorizedServer::account, String.CASE_INSENSITIVE_ORDER))
                .toList();
        if (entries.isEmpty()) {
            html.append("<tr><td colspan=\"4\">The list is empty: no server may use the connector.</td></tr>\n");
        }
        for (AuthorizedServer e : entries) {
            html.append("<tr data-account=\"").append(Html.attr(e.account())).append("\" data-role=\"")
                    .append(Html.attr(e.role().id())).append("\" data-kind=\"").append(Html.attr(e.kind().name()))
                    .append("\"><td class=\"account\">").append(Html.text(e.account()))
                    .append("</td><td class=\"kind\">").append(Html.text(e.kind().name()))
                    .append("</td><td class=\"role\">").append(Html.text(e.role().id()));
            if (e.role() == Workload.EXCHANGE) {
                html.append(" <span class=\"rms-warning exchange-warning\" title=\"").append(Html.attr(EXCHANGE_WARNING))
                        .append("\">super-user: all of the tenant's content</span>");
            }
            html.append("</td><td><form method=\"post\" class=\"remove-server-form\">")
                    .append("<input type=\"hidden\" name=\"action\" value=\"remove\">")
                    .append("<input type=\"hidden\" name=\"account\" value=\"").append(Html.attr(e.account()))
                    .append("\"><input type=\"hidden\" name=\"role\" value=\"").append(Html.attr(e.role().id()))
                    .append("\">").append(tokenField(token))
                    .append("<button type=\"submit\" class=\"remove-server\">Remove</button></form></td></tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    private static void renderAddForm(HttpServletRequest req, String token, StringBuilder html) {
        List<String> kinds = Arrays.stream(AuthorizedServer.Kind.values()).map(Enum::name).toList();
        List<String> roles = Arrays.stream(Workload.values()).map(Workload::id).toList();
        html.append("<h3>Add a server</h3>\n<form method=\"post\" id=\"add-server\">")
                .append("<input type=\"hidden\" name=\"action\" value=\"add\">").append(tokenField(token))
                .append("\n<label for=\"account\">Account</label> <input type=\"text\" id=\"account\" name=\"account\" "
                        + "size=\"40\" required placeholder=\"HOST&#36;, user@domain or a group\" value=\"")
                .append(Html.attr(req.getParameter("account"))).append("\">")
                .append("\n<label for=\"kind\">Kind</label> <select id=\"kind\" name=\"kind\">")
                .append(Choices.options(kinds, req.getParameter("kind"))).append("</select>")
                .append("\n<label for=\"role\">Role</label> <select id=\"role\" name=\"role\" "
                        + "aria-describedby=\"exchange-warning\">")
                .append(Choices.options(roles, req.getParameter("role"))).append("</select>")
                .append("\n<button type=\"submit\" id=\"add-server-submit\">Add</button>")
                .append("\n<p id=\"exchange-warning\" class=\"rms-warning\"><strong>Exchange:</strong> ")
                .append(Html.text(EXCHANGE_WARNING)).append("</p>\n</form>\n");
    }

    private void renderSearch(HttpServletRequest req, StringBuilder html) {
        String q = req.getParameter("q");
        html.append("<h3>Find in the directory</h3>\n<form method=\"get\" id=\"directory-search\">")
                .append("<label for=\"q\">Name</label> <input type=\"text\" id=\"q\" name=\"q\" value=\"")
                .append(Html.attr(q)).append("\"> <button type=\"submit\" id=\"directory-search-submit\">Search")
                .append("</button></form>\n");
        if (q == null || q.isBlank()) {
            return;
        }
        DirectorySearch search = directory;
        if (search == null) {
            html.append(Missing.directory("the directory cannot be searched"));
            return;
        }
        List<DirectoryEntry> found;
        try {
            found = search.search(q.trim(), SEARCH_LIMIT);
        } catch (AdminException e) {
            html.append("<p id=\"directory-error\" class=\"rms-error\">").append(Html.text(e.getMessage()))
                    .append("</p>\n");
            return;
        }
        if (found.isEmpty()) {
            html.append("<p id=\"directory-results\">Nothing found for ").append(Html.text(q.trim()))
                    .append(".</p>\n");
            return;
        }
        html.append("<table id=\"directory-results\" class=\"nicetable\">\n<thead><tr><th>Account</th><th>Kind</th>"
                + "<th>Display name</th><th>Distinguished name</th><th></th></tr></thead>\n<tbody>\n");
        for (DirectoryEntry e : found) {
            String use = "?q=" + Html.query(q.trim()) + "&account=" + Html.query(e.account()) + "&kind="
                    + Html.query(e.kind().name()) + "#add-server";
            html.append("<tr data-account=\"").append(Html.attr(e.account())).append("\"><td>")
                    .append(Html.text(e.account())).append("</td><td>").append(Html.text(e.kind().name()))
                    .append("</td><td>").append(Html.text(e.displayName())).append("</td><td>")
                    .append(Html.text(e.dn())).append("</td><td><a class=\"use-entry\" href=\"")
                    .append(Html.attr(use)).append("\">use</a></td></tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    @Override
    Outcome change(HttpServletRequest req, Form form, HttpServletResponse resp) throws IOException {
        String action = form.value("action");
        if (!"add".equals(action) && !"remove".equals(action)) {
            return Outcome.error("Unknown action '" + action + "'; nothing was changed.");
        }
        CloudConnection connection = cloud;
        if (connection == null) {
            return Outcome.error("The CloudConnection service (transport bundle) is not running; nothing was changed.");
        }
        String account = Choices.required("account", form.value("account"));
        Workload role = Choices.workload("role", form.value("role"));
        try {
            if ("add".equals(action)) {
                AuthorizedServer.Kind kind = Choices.kind(form.value("kind"));
                connection.authorize(new AuthorizedServer(account, kind, role));
                return Outcome.ok("Added " + account + " (" + kind.name() + ") in the role " + role.id() + ". "
                        + PROPAGATION + (role == Workload.EXCHANGE ? " " + EXCHANGE_WARNING : ""));
            }
            connection.revoke(account, role);
            return Outcome.ok("Removed " + account + " from the role " + role.id() + ". " + PROPAGATION);
        } catch (AdminException e) {
            return Outcome.error(("add".equals(action) ? "Not added: " : "Not removed: ") + e.getMessage());
        }
    }
}
