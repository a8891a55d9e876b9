package org.rmsconnector.fci.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small real files of each kind, written into a test's temporary folder. */
final class TestFiles {
    private TestFiles() {
    }

    static String contentTypes(String... partNames) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>");
        for (String p : partNames) {
            b.append("<Override PartName=\"").append(p).append("\" ContentType=\"application/xml\"/>");
        }
        return b.append("</Types>").toString();
    }

    /** A zip with the given entries (name, text, name, text, …). */
    static Path zip(Path dir, String fileName, String... entries) throws IOException {
        Path file = dir.resolve(fileName);
        try (ZipOutputStream zip = new ZipOutputStream(java.nio.file.Files.newOutputStream(file))) {
            for (int i = 0; i < entries.length; i += 2) {
                zip.putNextEntry(new ZipEntry(entries[i]));
                zip.write(entries[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }

    static Path docx(Path dir, String fileName) throws IOException {
        return zip(dir, fileName, "[Content_Types].xml",
                contentTypes("/word/document.xml", "/docProps/core.xml", "/docProps/app.xml"),
                "_rels/.rels", "<Relationships/>",
                "word/document.xml", "<w:document xmlns:w=\"urn:w\"><w:body>Quarterly report</w:body></w:document>");
    }

    static Path xlsx(Path dir, String fileName) throws IOException {
        return zip(dir, fileName, "[Content_Types].xml", contentTypes("/xl/workbook.xml", "/xl/worksheets/sheet1.xml"),
                "xl/workbook.xml", "<workbook/>", "xl/worksheets/sheet1.xml", "<worksheet/>");
    }

    static Path pptx(Path dir, String fileName) throws IOException {
        return zip(dir, fileName, "[Content_Types].xml", contentTypes("/ppt/presentation.xml"),
                "ppt/presentation.xml", "<presentation/>");
    }

    /** An OLE2 compound file header (512 bytes) and one empty sector, as every legacy Office file starts. */
    static Path ole2(Path dir, String fileName) throws IOException {
        byte[] data = new byte[1024];
        byte[] magic = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        System.arraycopy(magic, 0, data, 0, magic.length);
        data[24] = 0x3E; // minor version
        data[26] = 0x03; // major version 3
        data[28] = (byte) 0xFE; // byte order FFFE
        data[29] = (byte) 0xFF;
        data[30] = 0x09; // sector shift: 512-byte sectors
        data[32] = 0x06; // mini sector shift
        return write(dir, fileName, data);
    }

    static Path pdf(Path dir, String fileName) throws IOException {
        return write(dir, fileName, ("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** The start of a Windows executable: "MZ", then a DOS stub. */
    static Path exe(Path dir, String fileName) throws IOException {
        byte[] data = new byte[256];
        data[0] = 'M';
        data[1] = 'Z';
        data[2] = (byte) 0x90;
        data[60] = (byte) 0x80;
        return write(dir, fileName, data);
    }

    static Path write(Path dir, String fileName, byte[] data) throws IOException {
        Path file = dir.resolve(fileName);
        try (OutputStream out = java.nio.file.Files.newOutputStream(file)) {
            out.write(data);
        }
        return file;
    }
}
