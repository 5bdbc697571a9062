package com.opscenter.archive;

import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.format.Manifest;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;

/** Reading a manifest of an untrusted archive line by line, each line bounded. */
final class ManifestLines {

    static final int MAX_MANIFEST_LINE = 64 * 1024;

    private ManifestLines() {}

    /** The next line without its break, null at the end; a line longer than the bound is refused. */
    static String readBoundedLine(BufferedReader reader) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = reader.read()) >= 0) {
            if (c == '\n') {
                return line.toString();
            }
            if (line.length() >= MAX_MANIFEST_LINE) {
                throw new IOException("manifest line longer than " + MAX_MANIFEST_LINE + " characters");
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    /** What a manifest's header line says. */
    record Header(int version, String backupId) {
        boolean incremental() {
            return version == ArchiveFormat.MANIFEST_VERSION_INCREMENTAL;
        }
    }

    /**
     * The header a line is, or null when it is an entry line. Throws what {@link Manifest#parseLine} throws for a
     * malformed line or a newer version.
     */
    static Header header(String line) {
        if (Manifest.parseLine(line) != null) {
            return null;
        }
        // parseLine accepted it (a tame object of a known version), so this second parse is safe.
        try (var reader = Json.createReader(new StringReader(line))) {
            JsonObject header = reader.readObject();
            int version = header.get("manifest_version") instanceof JsonNumber n ? n.intValue() : -1;
            String id = header.get("backup_id") instanceof JsonString s ? s.getString() : null;
            return new Header(version, id);
        } catch (JsonException e) {
            throw new IllegalArgumentException("malformed manifest header: " + e.getMessage(), e);
        }
    }
}
