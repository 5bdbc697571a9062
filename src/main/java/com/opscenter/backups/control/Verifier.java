package com.opscenter.backups.control;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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

    private static final int MAX_REPORTED_ERRORS = 1000;
    private static final int MAX_OUT_OF_ORDER = 100_000;
    private static final int MAX_NAME_BYTES = 4096;
    private static final int MAX_MANIFEST_LINE = 64 * 1024;

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

    /** Field names follow the API: {@code checksum_match}, {@code integrity_check} ("valid (12500 files)"). */
    public record Result(
            boolean valid,
            boolean checksumMatch,
            String integrityCheck,
            List<String> errors,
            long filesCount,
            String actualSha256) {}

    private final Limits limits;
    private final Path workDir;

    public Verifier() {
        this(Limits.defaults(), Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** {@code workDir} holds the temporary list of entries seen; it needs about 100 bytes per entry. */
    public Verifier(Limits limits, Path workDir) {
        this.limits = Objects.requireNonNull(limits);
        this.workDir = Objects.requireNonNull(workDir);
    }

    public Result verify(Path archive, String expectedSha256) {
        Errors errors = new Errors();
        if (!Files.isRegularFile(archive)) {
            errors.add("archive " + archive.getFileName() + " is missing");
            return new Result(false, false, "missing", errors.list(), 0, null);
        }
        Path spill = null;
        String actual = null;
        long files = 0;
        try {
            spill = Files.createTempFile(workDir, "verify-", ".entries");
            try (InputStream file = Files.newInputStream(archive)) {
                HashingInputStream raw = new HashingInputStream(file);
                files = walk(archive, raw, spill, errors);
                // Whatever the tar reader left unread (trailing blocks, or all of it after an error) is hashed too.
                raw.drain();
                actual = HexFormat.of().formatHex(raw.digest.digest());
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
        String integrity =
                contentErrors == 0 ? "valid (" + files + " files)" : "invalid (" + contentErrors + " errors)";
        return new Result(checksumMatch && errors.count() == 0, checksumMatch, integrity, errors.list(), files, actual);
    }

    /** Reads every entry, spilling what it saw, then compares with the manifest. Returns the file count. */
    private long walk(Path archive, HashingInputStream raw, Path spill, Errors errors) throws IOException {
        long files = 0;
        long entries = 0;
        long contentBytes = 0;
        boolean manifestSeen = false;
        byte[] buffer = new byte[Archiver.BUFFER_SIZE];
        MessageDigest digest = Archiver.sha256();
        AutoCloseable resources = null;
        try (DataOutputStream seen =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(spill), 1 << 16))) {
            Codec codec = Codec.detect(archive);
            TarArchiveInputStream tar = new TarArchiveInputStream(codec.decompress(raw), StandardCharsets.UTF_8.name());
            resources = tar;
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = stripSlash(entry.getName());
                if (++entries > limits.maxEntries()) {
                    errors.add("more than " + limits.maxEntries() + " entries; verification stopped");
                    return files;
                }
                if (manifestSeen) {
                    errors.add(name + ": entry after the manifest");
                    continue;
                }
                if (name.equals(Archiver.MANIFEST_NAME)) {
                    manifestSeen = true;
                    seen.close();
                    compareWithManifest(tar, spill, errors);
                    continue;
                }
                if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                    errors.add(name.substring(0, 100) + "...: name longer than " + MAX_NAME_BYTES + " bytes");
                    continue;
                }
                EntryType type = typeOf(entry);
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
                Seen.write(
                        seen,
                        new Seen(
                                name,
                                type,
                                size,
                                entry.getMode() & 07777,
                                entry.getLastModifiedTime().toInstant().getEpochSecond(),
                                sha,
                                target));
            }
            if (!manifestSeen) {
                errors.add("manifest " + Archiver.MANIFEST_NAME + " is missing from the archive");
            }
        } catch (IOException | RuntimeException e) {
            // Commons-compress signals some corrupt headers with runtime exceptions; both mean "unreadable".
            errors.add("archive is corrupt or truncated after " + entries + " entries: " + e.getMessage());
        } finally {
            closeQuietly(resources);
        }
        return files;
    }

    private void compareWithManifest(InputStream manifestStream, Path spill, Errors errors) throws IOException {
        Map<String, Seen> unmatchedSeen = new HashMap<>();
        Map<String, ManifestEntry> unmatchedListed = new HashMap<>();
        BufferedReader lines =
                new BufferedReader(new InputStreamReader(manifestStream, StandardCharsets.UTF_8), 1 << 16);
        try (DataInputStream seen =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(spill), 1 << 16))) {
            Seen next = Seen.read(seen);
            String line;
            long lineNumber = 0;
            while ((line = readBoundedLine(lines)) != null) {
                lineNumber++;
                ManifestEntry listed;
                try {
                    listed = ManifestEntry.fromJsonLine(line);
                } catch (IllegalArgumentException e) {
                    errors.add("manifest line " + lineNumber + " is malformed: " + e.getMessage());
                    continue;
                }
                if (listed == null) {
                    continue;
                }
                // Both lists are in archive order, so this pairs them one to one unless something is missing.
                if (next != null && next.path.equals(listed.path())) {
                    compare(next, listed, errors);
                } else {
                    if (next != null) {
                        ManifestEntry earlier = unmatchedListed.remove(next.path);
                        if (earlier != null) {
                            compare(next, earlier, errors);
                        } else {
                            unmatchedSeen.put(next.path, next);
                        }
                    }
                    Seen earlierSeen = unmatchedSeen.remove(listed.path());
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
                next = Seen.read(seen);
            }
            for (; next != null; next = Seen.read(seen)) {
                ManifestEntry listed = unmatchedListed.remove(next.path);
                if (listed != null) {
                    compare(next, listed, errors);
                } else {
                    unmatchedSeen.put(next.path, next);
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

    private static void compare(Seen seen, ManifestEntry listed, Errors errors) {
        String p = seen.path;
        if (seen.type != listed.type()) {
            errors.add(p + ": type mismatch (manifest " + listed.type().jsonName() + ", archive " + seen.type.jsonName()
                    + ")");
            return;
        }
        if (seen.type == EntryType.FILE) {
            if (seen.size != listed.size()) {
                errors.add(p + ": size mismatch (manifest " + listed.size() + ", archive " + seen.size + ")");
            }
            String sha = HexFormat.of().formatHex(seen.sha256);
            if (!sha.equalsIgnoreCase(String.valueOf(listed.sha256()))) {
                errors.add(p + ": sha256 mismatch (manifest " + listed.sha256() + ", archive " + sha + ")");
            }
        }
        if (!Objects.equals(seen.target, listed.target())) {
            errors.add(p + ": link target mismatch (manifest " + listed.target() + ", archive " + seen.target + ")");
        }
        if (seen.mode != listed.mode()) {
            errors.add(p + ": mode mismatch (manifest " + String.format("%04o", listed.mode()) + ", archive "
                    + String.format("%04o", seen.mode) + ")");
        }
        if (seen.mtimeSeconds != listed.mtime().getEpochSecond()) {
            errors.add(p + ": mtime mismatch (manifest " + listed.mtime() + ", archive "
                    + Instant.ofEpochSecond(seen.mtimeSeconds) + ")");
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

    static EntryType typeOf(TarArchiveEntry entry) {
        if (entry.isDirectory()) {
            return EntryType.DIRECTORY;
        }
        if (entry.isSymbolicLink()) {
            return EntryType.SYMLINK;
        }
        if (entry.isLink()) {
            return EntryType.HARDLINK;
        }
        byte flag = entry.getLinkFlag();
        if (flag == '0' || flag == 0 || flag == '7') {
            return EntryType.FILE;
        }
        return null;
    }

    static String stripSlash(String name) {
        String n = name;
        while (n.endsWith("/") && n.length() > 1) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }

    /** What the archive holds for one entry, as spilled to the temporary file. */
    private record Seen(
            String path, EntryType type, long size, int mode, long mtimeSeconds, byte[] sha256, String target) {

        static void write(DataOutputStream out, Seen s) throws IOException {
            writeString(out, s.path);
            out.writeByte(s.type.ordinal());
            out.writeLong(s.size);
            out.writeInt(s.mode);
            out.writeLong(s.mtimeSeconds);
            out.writeBoolean(s.sha256 != null);
            if (s.sha256 != null) {
                out.write(s.sha256);
            }
            out.writeBoolean(s.target != null);
            if (s.target != null) {
                writeString(out, s.target);
            }
        }

        static Seen read(DataInputStream in) throws IOException {
            String path;
            try {
                path = readString(in);
            } catch (EOFException end) {
                return null;
            }
            EntryType type = EntryType.values()[in.readByte()];
            long size = in.readLong();
            int mode = in.readInt();
            long mtime = in.readLong();
            byte[] sha = null;
            if (in.readBoolean()) {
                sha = in.readNBytes(32);
            }
            String target = in.readBoolean() ? readString(in) : null;
            return new Seen(path, type, size, mode, mtime, sha, target);
        }

        private static void writeString(DataOutputStream out, String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }

        private static String readString(DataInputStream in) throws IOException {
            int length = in.readInt();
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
    }

    /** The error list, capped so that a badly broken archive cannot produce an unbounded response. */
    private static final class Errors {
        private final List<String> list = new ArrayList<>();
        private int count;

        void add(String error) {
            count++;
            if (list.size() < MAX_REPORTED_ERRORS) {
                list.add(error);
            }
        }

        void addFirst(String error) {
            count++;
            list.add(0, error);
        }

        int count() {
            return count;
        }

        List<String> list() {
            List<String> out = new ArrayList<>(list);
            if (count > out.size()) {
                out.add("... and " + (count - out.size()) + " more errors");
            }
            return List.copyOf(out);
        }
    }

    /** Hashes every byte read from the archive file, including what is skipped or left at the end. */
    private static final class HashingInputStream extends FilterInputStream {
        final MessageDigest digest = Archiver.sha256();

        HashingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                digest.update((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipping would bypass the digest, so skipped bytes are read.
            byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
            int read = read(buf, 0, buf.length);
            return Math.max(read, 0);
        }

        @Override
        public void close() {
            // The decompressor must not close the file before drain() has hashed the rest; the caller closes it.
        }

        void drain() throws IOException {
            byte[] buf = new byte[Archiver.BUFFER_SIZE];
            while (read(buf, 0, buf.length) >= 0) {
                // hashing happens in read
            }
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
