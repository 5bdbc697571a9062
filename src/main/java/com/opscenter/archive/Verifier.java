package com.opscenter.archive;

import com.opscenter.archive.crypt.ArchiveKeyException;
import com.opscenter.archive.crypt.ArchiveKeys;
import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.format.EntryType;
import com.opscenter.archive.io.Digests;
import com.opscenter.archive.io.HashingInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
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

    public Result verify(Path archive, String expectedSha256) {
        VerificationErrors errors = new VerificationErrors();
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
                files = walk(raw, spill, errors, unchecked);
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
    private long walk(HashingInputStream raw, Path spill, VerificationErrors errors, String[] unchecked)
            throws IOException {
        long files = 0;
        long entries = 0;
        long contentBytes = 0;
        boolean manifestSeen = false;
        byte[] buffer = new byte[Archiver.BUFFER_SIZE];
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
                    ManifestComparison.compare(tar, spill, errors);
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
        }
        return files;
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
