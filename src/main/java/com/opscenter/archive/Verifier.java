package com.opscenter.archive;

import com.opscenter.archive.crypt.ArchiveKeyException;
import com.opscenter.archive.crypt.ArchiveKeys;
import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.format.EntryType;
import com.opscenter.archive.format.Manifest;
import com.opscenter.archive.format.ManifestEntry;
import com.opscenter.archive.io.Digests;
import com.opscenter.archive.io.HashingInputStream;
import com.opscenter.archive.io.HeapBuffers;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Checks a stored archive in one read: the SHA-256 of the file against the recorded one, then every entry's
 * type, size, content hash, link target, mode and mtime against the manifest inside the archive. Every mismatch
 * is reported; a corrupt or truncated archive gives an invalid result with the reason, never an exception.
 *
 * <p>The manifest is the last entry, so what the archive holds is spilled to a temporary file while streaming
 * and then compared in order with the manifest; memory stays bounded however many entries there are.
 */
public final class Verifier {

    private static final int MAX_NAME_BYTES = 4096;

    /** Stops a hostile archive early: the most entries and content bytes a verification will read. */
    public record Limits(long maxEntries, long maxContentBytes) {
        public static Limits defaults() {
            return new Limits(20_000_000L, Long.MAX_VALUE);
        }

        /**
         * For an archive whose content size is recorded: decompression stops once the content outgrows it, so a
         * tampered archive cannot keep the verifier busy with a compression bomb. 0 means nothing is recorded.
         */
        public static Limits forRecordedContent(long contentBytes) {
            var defaults = defaults();
            return contentBytes > 0 ? new Limits(defaults.maxEntries(), contentBytes + (64L << 20)) : defaults;
        }
    }

    /**
     * Field names follow the API: {@code checksum_match}, {@code integrity_check} ("valid (12500 files)").
     * {@code entriesChecked} is false for an encrypted archive that no configured key opens: then only the file's
     * SHA-256 was checked, and {@code warning} says why the entries were not.
     */
    public record Result(
            boolean valid,
            boolean checksumMatch,
            String integrityCheck,
            List<String> errors,
            long filesCount,
            String actualSha256,
            boolean entriesChecked,
            String warning) {

        public Result(
                boolean valid,
                boolean checksumMatch,
                String integrityCheck,
                List<String> errors,
                long filesCount,
                String actualSha256) {
            this(valid, checksumMatch, integrityCheck, errors, filesCount, actualSha256, true, null);
        }
    }

    private final Limits limits;
    private final Path workDir;
    private final ArchiveKeys keys;

    public Verifier() {
        this(Limits.defaults(), Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** {@code workDir} holds the temporary list of entries seen; it needs about 100 bytes per entry. */
    public Verifier(Limits limits, Path workDir) {
        this(limits, workDir, ArchiveKeys.NONE);
    }

    /** {@code keys} open encrypted archives; without one that fits, only the file's SHA-256 is checked. */
    public Verifier(Limits limits, Path workDir, ArchiveKeys keys) {
        this.limits = Objects.requireNonNull(limits);
        this.workDir = Objects.requireNonNull(workDir);
        this.keys = Objects.requireNonNull(keys);
    }

    /**
     * Checks the archive on its own. For an increment that is its own entries against its manifest; the files
     * earlier backups hold are not checked (see {@link #verify(Path, String, HoldingArchives)}).
     */
    public Result verify(Path archive, String expectedSha256) {
        return verify(archive, expectedSha256, null);
    }

    /**
     * Checks the archive, and for an increment also every backup it depends on, as {@code holdings} gives them:
     * there, its archive's SHA-256 the recorded one, and each file the increment takes from it a file of its
     * manifest with the size and SHA-256 the increment recorded. Each holder is read once.
     */
    public Result verify(Path archive, String expectedSha256, HoldingArchives holdings) {
        VerificationErrors errors = new VerificationErrors();
        ManifestComparison.HeldReferences held = new ManifestComparison.HeldReferences();
        if (!Files.isRegularFile(archive)) {
            errors.add("archive " + archive.getFileName() + " is missing");
            return new Result(false, false, "missing", errors.list(), 0, null);
        }
        Path spill = null;
        String actual = null;
        long files = 0;
        String[] unchecked = {null};
        try {
            spill = Files.createTempFile(workDir, "verify-", ".entries");
            try (InputStream file = Files.newInputStream(archive)) {
                HashingInputStream raw = new HashingInputStream(file);
                files = walk(raw, spill, errors, unchecked, held);
                // Whatever the tar reader left unread (trailing blocks, or all of it after an error) is hashed too.
                raw.drain();
                actual = HexFormat.of().formatHex(raw.digest());
            }
        } catch (IOException e) {
            errors.add("archive could not be read: " + e.getMessage());
        } finally {
            if (spill != null) {
                try {
                    Files.deleteIfExists(spill);
                } catch (IOException ignored) {
                    // a temp file; the OS cleans its temp folder
                }
            }
        }
        files += held.count;
        if (holdings != null) {
            for (var holder : held.byHolder.entrySet()) {
                checkHolder(holder.getKey(), holder.getValue(), holdings, errors);
            }
        }
        boolean checksumMatch = actual != null && expectedSha256 != null && actual.equalsIgnoreCase(expectedSha256);
        if (actual != null && !checksumMatch) {
            errors.addFirst(
                    expectedSha256 == null
                            ? "no expected checksum recorded (actual " + actual + ")"
                            : "checksum mismatch: expected " + expectedSha256 + ", actual " + actual);
        }
        int contentErrors = errors.count() - (checksumMatch || actual == null ? 0 : 1);
        if (unchecked[0] != null) {
            String warning =
                    "entries not checked: " + unchecked[0] + "; only the SHA-256 of the encrypted file was checked";
            return new Result(
                    checksumMatch && errors.count() == 0,
                    checksumMatch,
                    "not checked (encrypted)",
                    errors.list(),
                    0,
                    actual,
                    false,
                    warning);
        }
        String integrity =
                contentErrors == 0 ? "valid (" + files + " files)" : "invalid (" + contentErrors + " errors)";
        return new Result(checksumMatch && errors.count() == 0, checksumMatch, integrity, errors.list(), files, actual);
    }

    /** Reads every entry, spilling what it saw, then compares with the manifest. Returns the file count. */
    private long walk(
            HashingInputStream raw,
            Path spill,
            VerificationErrors errors,
            String[] unchecked,
            ManifestComparison.HeldReferences held)
            throws IOException {
        long files = 0;
        long entries = 0;
        long contentBytes = 0;
        boolean manifestSeen = false;
        byte[] buffer = HeapBuffers.take();
        MessageDigest digest = Digests.sha256();
        AutoCloseable resources = null;
        try (DataOutputStream seen =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(spill), 1 << 16))) {
            ArchiveInput input;
            try {
                input = ArchiveInput.of(raw, keys);
            } catch (ArchiveKeyException e) {
                unchecked[0] = e.getMessage();
                return 0;
            }
            resources = input;
            TarArchiveInputStream tar = input.tar();
            TarArchiveEntry entry;
            while ((entry = input.next()) != null) {
                String name = EntryNames.stripSlash(entry.getName());
                if (++entries > limits.maxEntries()) {
                    errors.add("more than " + limits.maxEntries() + " entries; verification stopped");
                    return files;
                }
                if (manifestSeen) {
                    errors.add(name + ": entry after the manifest");
                    continue;
                }
                if (name.equals(ArchiveFormat.MANIFEST_NAME)) {
                    manifestSeen = true;
                    seen.close();
                    ManifestComparison.compare(tar, spill, errors, held, limits.maxEntries());
                    continue;
                }
                if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                    errors.add(name.substring(0, 100) + "...: name longer than " + MAX_NAME_BYTES + " bytes");
                    continue;
                }
                EntryType type = EntryNames.typeOf(entry);
                if (type == null) {
                    errors.add(name + ": unsupported entry type '" + (char) entry.getLinkFlag() + "'");
                    continue;
                }
                byte[] sha = null;
                long size = 0;
                if (type == EntryType.FILE) {
                    files++;
                    contentBytes += entry.getSize();
                    if (contentBytes > limits.maxContentBytes()) {
                        errors.add("more than " + limits.maxContentBytes() + " bytes of content; verification stopped");
                        return files;
                    }
                    digest.reset();
                    int n;
                    while ((n = tar.read(buffer)) > 0) {
                        digest.update(buffer, 0, n);
                        size += n;
                    }
                    sha = digest.digest();
                } else if (type == EntryType.HARDLINK) {
                    files++;
                }
                String target = type == EntryType.SYMLINK || type == EntryType.HARDLINK ? entry.getLinkName() : null;
                SeenEntry.write(
                        seen,
                        new SeenEntry(
                                name,
                                type,
                                size,
                                entry.getMode() & 07777,
                                entry.getLastModifiedTime().toInstant().getEpochSecond(),
                                sha,
                                target));
            }
            if (!manifestSeen) {
                errors.add("manifest " + ArchiveFormat.MANIFEST_NAME + " is missing from the archive");
            }
        } catch (ArchiveLimitException e) {
            errors.add(e.getMessage() + " (after " + entries + " entries)");
        } catch (IOException | RuntimeException e) {
            // Commons-compress signals some corrupt headers with runtime exceptions; both mean "unreadable".
            errors.add("archive is corrupt or truncated after " + entries + " entries: " + e.getMessage());
        } finally {
            closeQuietly(resources);
            HeapBuffers.give(buffer);
        }
        return files;
    }

    /**
     * One backup an increment depends on: present, its archive as recorded (SHA-256), and holding each file the
     * increment takes from it. Its archive is read once, hashed while its manifest (the last entry) is read; the
     * manifest's lines are matched against the references, which are removed as they are found.
     */
    private void checkHolder(
            String holderId,
            Map<String, List<ManifestComparison.HeldReference>> wanted,
            HoldingArchives holdings,
            VerificationErrors errors) {
        HoldingArchives.Holding holding;
        try {
            holding = holdings.holding(holderId);
        } catch (ChainLinkMissingException e) {
            errors.add("backup " + holderId + ", which this backup depends on, is missing"
                    + (e.why() == null ? "" : ": " + e.why()));
            return;
        } catch (IOException e) {
            errors.add("backup " + holderId + ", which this backup depends on, cannot be used: " + e.getMessage());
            return;
        }
        if (holding == null || !Files.isRegularFile(holding.archive())) {
            errors.add("backup " + holderId + ", which this backup depends on, is missing: its archive is not on disk");
            return;
        }
        String actual = null;
        boolean manifestSeen = false;
        String unreadable = null;
        try (InputStream file = Files.newInputStream(holding.archive())) {
            HashingInputStream raw = new HashingInputStream(file);
            try (ArchiveInput input = ArchiveInput.of(raw, keys)) {
                TarArchiveEntry entry;
                long entries = 0;
                while ((entry = input.next()) != null) {
                    if (++entries > limits.maxEntries()) {
                        throw new ArchiveLimitException("more than " + limits.maxEntries() + " entries", null);
                    }
                    if (EntryNames.stripSlash(entry.getName()).equals(ArchiveFormat.MANIFEST_NAME)) {
                        manifestSeen = true;
                        matchSources(holderId, input.tar(), wanted, errors);
                        break;
                    }
                }
            } catch (IOException | RuntimeException e) {
                unreadable = e.getMessage();
            }
            raw.drain();
            actual = HexFormat.of().formatHex(raw.digest());
        } catch (IOException e) {
            unreadable = e.getMessage();
        }
        if (actual != null && !actual.equalsIgnoreCase(String.valueOf(holding.sha256()))) {
            errors.add("backup " + holderId + " is damaged: checksum mismatch (expected " + holding.sha256()
                    + ", actual " + actual + ")");
        }
        if (unreadable != null) {
            errors.add("backup " + holderId + " is damaged: it could not be read: " + unreadable);
        } else if (!manifestSeen) {
            errors.add(
                    "backup " + holderId + " is damaged: its manifest " + ArchiveFormat.MANIFEST_NAME + " is missing");
        }
        if (unreadable == null && manifestSeen) {
            new java.util.TreeMap<>(wanted)
                    .forEach((source, refs) -> errors.add("backup " + holderId + ": " + source
                            + " is missing (it holds the content of "
                            + refs.get(0).path()
                            + (refs.size() > 1 ? " and " + (refs.size() - 1) + " more" : "") + ")"));
        }
    }

    /** Reads a holder's manifest, checking (and removing) each line a reference names. */
    private static void matchSources(
            String holderId,
            InputStream manifest,
            Map<String, List<ManifestComparison.HeldReference>> wanted,
            VerificationErrors errors)
            throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(manifest, StandardCharsets.UTF_8), 1 << 16);
        String line;
        while (!wanted.isEmpty() && (line = ManifestLines.readBoundedLine(lines)) != null) {
            ManifestEntry listed;
            try {
                listed = Manifest.parseLine(line);
            } catch (IllegalArgumentException e) {
                continue; // the holder's own verification reports its malformed lines
            }
            if (listed == null) {
                continue;
            }
            List<ManifestComparison.HeldReference> refs = wanted.remove(listed.path());
            if (refs == null) {
                continue;
            }
            String where = "backup " + holderId + ": " + listed.path();
            if (listed.type() != EntryType.FILE) {
                errors.add(where + " is a " + listed.type().jsonName() + ", not a file");
                continue;
            }
            if (listed.heldElsewhere()) {
                errors.add(where + " is not in its archive (it is held by " + listed.from() + ")");
                continue;
            }
            for (ManifestComparison.HeldReference ref : refs) {
                if (listed.size() != ref.size()) {
                    errors.add(
                            where + " is damaged: " + listed.size() + " bytes, " + ref.path() + " needs " + ref.size());
                } else if (ref.sha256() != null && !ref.sha256().equalsIgnoreCase(String.valueOf(listed.sha256()))) {
                    errors.add(where + " is damaged: sha256 " + listed.sha256() + ", " + ref.path() + " needs "
                            + ref.sha256());
                }
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // only releasing the decompressor; the outcome is already decided
            }
        }
    }
}
