package org.rmsconnector.simulators;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small but well-formed Office Open XML packages, made with java.util.zip. */
final class OfficeFiles {

    private OfficeFiles() {
    }

    /** A zip of {@code parts} (name → content). */
    static Path zip(Path file, Map<String, String> parts) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, String> e : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }

    private static String types(String part, String type) {
        return "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Override PartName=\"" + part + "\" ContentType=\"" + type + "\"/></Types>";
    }

    /** A Word document; each paragraph is split into runs at '|', as Word splits text arbitrarily. */
    static Path docx(Path file, String... paragraphs) throws IOException {
        StringBuilder body = new StringBuilder();
        for (String p : paragraphs) {
            body.append("<w:p>");
            for (String run : p.split("\\|")) {
                body.append("<w:r><w:t xml:space=\"preserve\">").append(run).append("</w:t></w:r>");
            }
            body.append("</w:p>");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("[Content_Types].xml", types("/word/document.xml",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"));
        parts.put("_rels/.rels", "<Relationships><Relationship Target=\"word/document.xml\"/></Relationships>");
        parts.put("word/_rels/document.xml.rels", "<Relationships><t>not text</t></Relationships>");
        parts.put("word/document.xml", "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats"
                + ".org/wordprocessingml/2006/main\"><w:body>" + body + "</w:body></w:document>");
        return zip(file, parts);
    }

    /** An Excel workbook whose shared strings are {@code strings}. */
    static Path xlsx(Path file, String... strings) throws IOException {
        StringBuilder sst = new StringBuilder("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
        for (String s : strings) {
            sst.append("<si><t>").append(s).append("</t></si>");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("[Content_Types].xml", types("/xl/workbook.xml",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"));
        parts.put("xl/workbook.xml", "<workbook/>");
        parts.put("xl/sharedStrings.xml", sst.append("</sst>").toString());
        return zip(file, parts);
    }

    /** A PowerPoint deck with one slide holding {@code text}. */
    static Path pptx(Path file, String text) throws IOException {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("[Content_Types].xml", types("/ppt/presentation.xml",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"));
        parts.put("ppt/slides/slide1.xml", "<p:sld xmlns:p=\"p\" xmlns:a=\"a\"><p:txBody><a:p><a:r><a:t>" + text
                + "</a:t></a:r></a:p></p:txBody></p:sld>");
        return zip(file, parts);
    }
}
