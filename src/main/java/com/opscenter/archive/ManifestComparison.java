package com.opscenter.archive;

import com.opscenter.archive.format.ArchiveFormat;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Compares what the archive held (the spilled {@link SeenEntry} list) with its manifest, both in archive order,
 * so they pair up one to one; entries out of order are matched by path within a bounded window.
 */
final class ManifestComparison {

    private static final int MAX_OUT_OF_ORDER = 100_000;

    private ManifestComparison() {}

    /** A file an increment lists whose content an earlier backup holds under {@code source}. */
    record HeldReference(String path, long size, String sha256) {}

    /**
     * The files an increment's manifest lists as held by earlier backups: per holder (ordered by id, which is
     * oldest first), per source name in that holder's archive. At most as many as the manifest has lines, which
     * the verification's entry limit bounds.
     */
    static final class HeldReferences {
        final Map<String, Map<String, List<HeldReference>>> byHolder = new TreeMap<>();
        long count;

        void add(ManifestEntry listed) {
            byHolder.computeIfAbsent(listed.from(), h -> new HashMap<>())
                    .computeIfAbsent(listed.sourcePath(), s -> new ArrayList<>(1))
                    .add(new HeldReference(listed.path(), listed.size(), listed.sha256()));
            count++;
        }
    }

    static void compare(InputStream manifestStream, Path spill, VerificationErrors errors) throws IOException {
        compare(manifestStream, spill, errors, new HeldReferences(), Long.MAX_VALUE);
    }

    /**
     * As {@link #compare(InputStream, Path, VerificationErrors)}; the lines of an increment's manifest for files
     * earlier backups hold are not expected in the archive and go to {@code held} (at most {@code maxHeld}).
     */
    static void compare(
            InputStream manifestStream, Path spill, VerificationErrors errors, HeldReferences held, long maxHeld)
            throws IOException {
        Map<String, SeenEntry> unmatchedSeen = new HashMap<>();
        Map<String, ManifestEntry> unmatchedListed = new HashMap<>();
        BufferedReader lines =
                new BufferedReader(new InputStreamReader(manifestStream, StandardCharsets.UTF_8), 1 << 16);
        try (DataInputStream seen =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(spill), 1 << 16))) {
            SeenEntry next = SeenEntry.read(seen);
            String line;
            long lineNumber = 0;
            ManifestLines.Header header = null;
            while ((line = ManifestLines.readBoundedLine(lines)) != null) {
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
                    if (lineNumber == 1) {
                        header = ManifestLines.header(line);
                    }
                    continue;
                }
                if (listed.heldElsewhere()) {
                    if (header == null || !header.incremental()) {
                        errors.add(listed.path() + ": listed as held by " + listed.from()
                                + ", but only an increment's manifest (version "
                                + ArchiveFormat.MANIFEST_VERSION_INCREMENTAL + ") lists such files");
                    } else if (listed.from().equals(header.backupId())) {
                        errors.add(listed.path() + ": listed as held by " + listed.from() + ", this backup itself");
                    } else if (held.count >= maxHeld) {
                        errors.add("more than " + maxHeld + " files held by earlier backups; comparison stopped");
                        return;
                    } else {
                        held.add(listed);
                    }
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
}
