package com.opscenter.archive;

import com.opscenter.archive.format.EntryType;
import com.opscenter.archive.format.Manifest;
import com.opscenter.archive.format.ManifestEntry;
import com.opscenter.archive.format.UnsupportedVersionException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Compares what the archive held (the spilled {@link SeenEntry} list) with its manifest, both in archive order,
 * so they pair up one to one; entries out of order are matched by path within a bounded window.
 */
final class ManifestComparison {

    private static final int MAX_OUT_OF_ORDER = 100_000;
    private static final int MAX_MANIFEST_LINE = 64 * 1024;

    private ManifestComparison() {}

    static void compare(InputStream manifestStream, Path spill, VerificationErrors errors) throws IOException {
        Map<String, SeenEntry> unmatchedSeen = new HashMap<>();
        Map<String, ManifestEntry> unmatchedListed = new HashMap<>();
        BufferedReader lines =
                new BufferedReader(new InputStreamReader(manifestStream, StandardCharsets.UTF_8), 1 << 16);
        try (DataInputStream seen =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(spill), 1 << 16))) {
            SeenEntry next = SeenEntry.read(seen);
            String line;
            long lineNumber = 0;
            while ((line = readBoundedLine(lines)) != null) {
                lineNumber++;
                ManifestEntry listed;
                try {
                    listed = Manifest.parseLine(line);
                } catch (UnsupportedVersionException e) {
                    errors.add(e.getMessage());
                    return;
                } catch (IllegalArgumentException e) {
                    errors.add("manifest line " + lineNumber + " is malformed: " + e.getMessage());
                    continue;
                }
                if (listed == null) {
                    continue;
                }
                // Both lists are in archive order, so this pairs them one to one unless something is missing.
                if (next != null && next.path().equals(listed.path())) {
                    compare(next, listed, errors);
                } else {
                    if (next != null) {
                        ManifestEntry earlier = unmatchedListed.remove(next.path());
                        if (earlier != null) {
                            compare(next, earlier, errors);
                        } else {
                            unmatchedSeen.put(next.path(), next);
                        }
                    }
                    SeenEntry earlierSeen = unmatchedSeen.remove(listed.path());
                    if (earlierSeen != null) {
                        compare(earlierSeen, listed, errors);
                    } else {
                        unmatchedListed.put(listed.path(), listed);
                    }
                    if (unmatchedSeen.size() + unmatchedListed.size() > MAX_OUT_OF_ORDER) {
                        errors.add("archive and manifest differ too much; comparison stopped");
                        return;
                    }
                }
                next = SeenEntry.read(seen);
            }
            for (; next != null; next = SeenEntry.read(seen)) {
                ManifestEntry listed = unmatchedListed.remove(next.path());
                if (listed != null) {
                    compare(next, listed, errors);
                } else {
                    unmatchedSeen.put(next.path(), next);
                }
                if (unmatchedSeen.size() > MAX_OUT_OF_ORDER) {
                    errors.add("archive and manifest differ too much; comparison stopped");
                    return;
                }
            }
        }
        unmatchedSeen.keySet().stream()
                .sorted()
                .forEach(p -> errors.add(p + ": in the archive but not in the manifest"));
        unmatchedListed.keySet().stream()
                .sorted()
                .forEach(p -> errors.add(p + ": in the manifest but not in the archive"));
    }

    private static void compare(SeenEntry seen, ManifestEntry listed, VerificationErrors errors) {
        String p = seen.path();
        if (seen.type() != listed.type()) {
            errors.add(p + ": type mismatch (manifest " + listed.type().jsonName() + ", archive "
                    + seen.type().jsonName() + ")");
            return;
        }
        if (seen.type() == EntryType.FILE) {
            if (seen.size() != listed.size()) {
                errors.add(p + ": size mismatch (manifest " + listed.size() + ", archive " + seen.size() + ")");
            }
            String sha = HexFormat.of().formatHex(seen.sha256());
            if (!sha.equalsIgnoreCase(String.valueOf(listed.sha256()))) {
                errors.add(p + ": sha256 mismatch (manifest " + listed.sha256() + ", archive " + sha + ")");
            }
        }
        if (!Objects.equals(seen.target(), listed.target())) {
            errors.add(p + ": link target mismatch (manifest " + listed.target() + ", archive " + seen.target() + ")");
        }
        if (seen.mode() != listed.mode()) {
            errors.add(p + ": mode mismatch (manifest " + String.format("%04o", listed.mode()) + ", archive "
                    + String.format("%04o", seen.mode()) + ")");
        }
        if (seen.mtimeSeconds() != listed.mtime().getEpochSecond()) {
            errors.add(p + ": mtime mismatch (manifest " + listed.mtime() + ", archive "
                    + Instant.ofEpochSecond(seen.mtimeSeconds()) + ")");
        }
    }

    private static String readBoundedLine(BufferedReader reader) throws IOException {
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
}
