package org.rmsconnector.rmsctl;

import java.util.List;
import java.util.concurrent.Callable;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.protocol.TemplateList;
import org.rmsconnector.protocol.TemplateSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rmsctl templates}: lists the templates the identity may protect with. */
@Command(name = "templates", mixinStandardHelpOptions = true,
        description = "Lists the templates you may protect with ('app' marks templates for applications that do "
                + "not support user identity: the only ones FCI and Exchange transport rules may use).")
final class TemplatesCommand implements Callable<Integer> {

    @ParentCommand
    Rmsctl root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<TemplateSummary> templates;
        try (RmsClient client = root.client(spec.commandLine(), true)) {
            templates = client.templates();
        }
        if (root.json()) {
            root.out().println(new TemplateList(templates).toJson());
            return 0;
        }
        if (templates.isEmpty()) {
            root.out().println("no templates are published for you");
            return 0;
        }
        int idWidth = Math.max(2, templates.stream().mapToInt(t -> t.id().length()).max().orElse(2));
        String format = "%-" + idWidth + "s  %-3s  %s%n";
        root.out().printf(format, "ID", "APP", "NAME");
        for (TemplateSummary t : templates) {
            String name = t.description() == null ? t.name() : t.name() + " - " + t.description();
            root.out().printf(format, t.id(), t.forApplications() ? "yes" : "", name);
        }
        return 0;
    }
}
