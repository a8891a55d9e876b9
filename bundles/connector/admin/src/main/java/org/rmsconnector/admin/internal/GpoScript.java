package org.rmsconnector.admin.internal;

import java.net.URI;
import java.util.List;

import org.rmsconnector.api.workload.Workload;

/**
 * A PowerShell script that creates (or updates) one group policy object for the servers of one workload and sets
 * each registry value in it. Every string is a single-quoted PowerShell literal, in which only the quote itself
 * needs escaping (doubled).
 */
final class GpoScript {
    private GpoScript() {
    }

    static String gpoName(Workload workload) {
        return "RMS Connector - " + displayName(workload) + " servers";
    }

    static String displayName(Workload workload) {
        return switch (workload) {
            case EXCHANGE -> "Exchange";
            case SHAREPOINT -> "SharePoint";
            case FCI -> "FCI file";
        };
    }

    static String render(Workload workload, URI connectorUrl, List<RegistryValue> values) {
        String name = gpoName(workload);
        String nl = "\r\n";
        StringBuilder out = new StringBuilder();
        out.append("# ").append(name).append(": the registry values that make ").append(displayName(workload))
                .append(" servers use the RMS connector at ").append(oneLine(connectorUrl.toString())).append(nl);
        out.append("#").append(nl);
        out.append("# Run it as a domain administrator where the GroupPolicy module is installed (a domain controller,")
                .append(nl);
        out.append("# or RSAT): powershell -ExecutionPolicy Bypass -File .\\rms-connector-").append(workload.id())
                .append(".ps1").append(nl);
        out.append("# It creates the group policy object '").append(name).append("' (or updates it when it exists).")
                .append(nl);
        out.append("# Then link it to the organizational unit that holds the ").append(displayName(workload))
                .append(" servers, for example:").append(nl);
        out.append("#   New-GPLink -Name '").append(name)
                .append("' -Target 'OU=Servers,DC=contoso,DC=com' -LinkEnabled Yes").append(nl);
        out.append("# and run 'gpupdate /force' on a server (or wait for the next policy refresh), then restart the")
                .append(nl);
        out.append("# server's RMS-aware services. A key's default value is written with an empty value name.")
                .append(nl).append(nl);
        out.append("$ErrorActionPreference = 'Stop'").append(nl);
        out.append("Import-Module GroupPolicy").append(nl);
        out.append("$name = ").append(literal(name)).append(nl);
        out.append("if (-not (Get-GPO -Name $name -ErrorAction SilentlyContinue)) {").append(nl);
        out.append("    New-GPO -Name $name -Comment ").append(literal("Created by the RMS connector for "
                + displayName(workload) + " servers")).append(" | Out-Null").append(nl);
        out.append("}").append(nl);
        for (RegistryValue v : values) {
            out.append("Set-GPRegistryValue -Name $name -Key ").append(literal(v.shortKey())).append(" -ValueName ")
                    .append(literal(v.name() == null ? "" : v.name())).append(" -Type String -Value ")
                    .append(literal(v.data())).append(" | Out-Null").append(nl);
        }
        out.append("Write-Host \"Group policy object '$name' is ready; link it to the servers' OU.\"").append(nl);
        return out.toString();
    }

    /** A PowerShell single-quoted string; the typographic single quotes PowerShell also ends strings on are doubled too. */
    static String literal(String text) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201a' || c == '\u201b') {
                out.append(c);
            }
            out.append(c);
        }
        return out.append('\'').toString();
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}", " ");
    }
}
