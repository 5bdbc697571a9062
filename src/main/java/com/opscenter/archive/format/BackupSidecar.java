package com.opscenter.archive.format;

import com.opscenter.archive.Codec;
import com.opscenter.archive.io.DurableFiles;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The JSON file {@code <id>.json} written next to each finished archive. It holds what the catalog needs, so
 * the catalog can be rebuilt from the backup folder alone. Format: one JSON object on one line, snake_case keys
 * in the order of {@link #toJson()}, {@code format_version} {@value ArchiveFormat#SIDECAR_VERSION}. A sidecar
 * without {@code format_version} reads as version 1; a newer version is refused by name.
 *
 * <p>{@code installation_id} names the installation that wrote the backup (cloud retention prunes only its own
 * copies). It is optional and written last, only when known, so a sidecar without it is byte-for-byte what
 * earlier versions wrote; it needs no new version because every reader so far ignores keys it does not know, so
 * older servers keep reading (listing, verifying, restoring) sidecars that carry it. {@code containers}, what the
 * backup did to the containers that mount its volumes (stopped or paused, commands run in them), is optional in
 * the same way and written after it, only for a backup that did something to a container. {@code schedule}, the
 * name of the schedule a backup was taken for, follows on the same terms: optional, written only when there is one.
 * {@code encryption} ({@code {"mode": "public_key", "keys": [fingerprints]}}) is written last, only for an
 * encrypted archive, whose {@code archive_file} ends in {@code .gpg} and whose {@code archive_sha256} is that of the
 * encrypted file as stored. A server before encryption finds such a sidecar naming an archive not its own and
 * leaves it alone rather than misread it. {@code incremental} ({@code {"base_id": ..., "depends_on": [...]}}, see
 * {@link Increment}) comes last, only for an increment, whose sidecar is version 2: a server that reads version 1
 * only refuses it rather than take an increment for a whole tree.
 */
public record BackupSidecar(
        String id,
        Instant timestamp,
        Instant completedAt,
        String type,
        String description,
        Codec codec,
        String archiveFile,
        long archiveSize,
        String archiveSha256,
        long filesCount,
        long totalBytes,
        List<String> volumes,
        List<String> paths,
        String status,
        List<String> warnings,
        String installationId,
        JsonObject containers,
        String schedule,
        EncryptionInfo encryption,
        Increment incremental) {

    /**
     * What an increment builds on: {@code baseId}, the backup its files were compared with, and {@code dependsOn},
     * every backup whose archive holds content of this one (the {@code from} values of its manifest, oldest
     * first). A backup in {@code dependsOn} must be kept as long as this one is.
     */
    public record Increment(String baseId, List<String> dependsOn) {
        public Increment {
            Objects.requireNonNull(baseId, "baseId");
            dependsOn = List.copyOf(dependsOn == null ? List.of() : dependsOn);
            if (!ArchiveFormat.isValidId(baseId) || !dependsOn.stream().allMatch(ArchiveFormat::isValidId)) {
                throw new IllegalArgumentException("'incremental' names something that is not a backup id");
            }
        }
    }

    /** A full backup's sidecar. */
    public BackupSidecar(
            String id,
            Instant timestamp,
            Instant completedAt,
            String type,
            String description,
            Codec codec,
            String archiveFile,
            long archiveSize,
            String archiveSha256,
            long filesCount,
            long totalBytes,
            List<String> volumes,
            List<String> paths,
            String status,
            List<String> warnings,
            String installationId,
            JsonObject containers,
            String schedule,
            EncryptionInfo encryption) {
        this(
                id,
                timestamp,
                completedAt,
                type,
                description,
                codec,
                archiveFile,
                archiveSize,
                archiveSha256,
                filesCount,
                totalBytes,
                volumes,
                paths,
                status,
                warnings,
                installationId,
                containers,
                schedule,
                encryption,
                null);
    }

    /** {@code full} or {@code incremental}. */
    public String mode() {
        return incremental == null ? "full" : "incremental";
    }

    public static final String SUFFIX = ArchiveFormat.SIDECAR_SUFFIX;
    public static final int FORMAT_VERSION = ArchiveFormat.SIDECAR_VERSION;
    /**
     * The most a sidecar may hold, in bytes. Ours are a few kilobytes (warnings are capped, see
     * {@link #recordedWarnings}); a larger file is not ours and is refused before it is parsed, so reading any
     * sidecar costs bounded memory.
     */
    public static final int MAX_BYTES = 1 << 20;

    /** How many warnings a sidecar records, and how long each may be; the count of the rest follows them. */
    static final int MAX_WARNINGS = 200;

    static final int MAX_WARNING_CHARS = 1000;

    public BackupSidecar {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(archiveFile, "archiveFile");
        volumes = List.copyOf(volumes == null ? List.of() : volumes);
        paths = List.copyOf(paths == null ? List.of() : paths);
        warnings = List.copyOf(warnings == null ? List.of() : warnings);
    }

    /** The same sidecar, saying what the backup did to containers. */
    public BackupSidecar withContainers(JsonObject report) {
        return new BackupSidecar(
                id,
                timestamp,
                completedAt,
                type,
                description,
                codec,
                archiveFile,
                archiveSize,
                archiveSha256,
                filesCount,
                totalBytes,
                volumes,
                paths,
                status,
                warnings,
                installationId,
                report,
                schedule,
                encryption,
                incremental);
    }

    /**
     * The same sidecar for a copy of the archive encrypted after the fact (a cloud copy of a local archive): its
     * file name, size, SHA-256 and encryption.
     */
    public BackupSidecar withEncryptedArchive(
            String encryptedFile, long encryptedSize, String encryptedSha256, EncryptionInfo info) {
        return new BackupSidecar(
                id,
                timestamp,
                completedAt,
                type,
                description,
                codec,
                encryptedFile,
                encryptedSize,
                encryptedSha256,
                filesCount,
                totalBytes,
                volumes,
                paths,
                status,
                warnings,
                installationId,
                containers,
                schedule,
                info,
                incremental);
    }

    /** A sidecar is data, not an instruction: it may only describe an archive of ours, named after its id. */
    public boolean describesOwnArchive() {
        return ArchiveFormat.isValidId(id)
                && archiveFile.equals(ArchiveFormat.archiveName(id, codec, encryption != null));
    }

    public static Path fileFor(Path backupDir, String id) {
        return ArchiveFormat.sidecarPath(backupDir, id);
    }

    public String toJson() {
        return Manifest.write(g -> {
                    g.write(
                                    "format_version",
                                    incremental == null
                                            ? ArchiveFormat.SIDECAR_VERSION_FULL
                                            : ArchiveFormat.SIDECAR_VERSION_INCREMENTAL)
                            .write("id", id)
                            .write("timestamp", timestamp.toString());
                    Manifest.writeNullable(g, "completed_at", completedAt == null ? null : completedAt.toString());
                    Manifest.writeNullable(g, "type", type);
                    Manifest.writeNullable(g, "description", description);
                    g.write("codec", codec.configName()).write("archive_file", archiveFile);
                    g.write("archive_size", archiveSize);
                    Manifest.writeNullable(g, "archive_sha256", archiveSha256);
                    g.write("files_count", filesCount).write("total_bytes", totalBytes);
                    writeStrings(g, "volumes", volumes);
                    writeStrings(g, "paths", paths);
                    Manifest.writeNullable(g, "status", status);
                    writeStrings(g, "warnings", warnings);
                    if (installationId != null) {
                        g.write("installation_id", installationId);
                    }
                    if (containers != null) {
                        g.write("containers", containers);
                    }
                    if (schedule != null) {
                        g.write("schedule", schedule);
                    }
                    if (encryption != null) {
                        g.writeStartObject("encryption").write("mode", encryption.mode());
                        writeStrings(g, "keys", encryption.keys());
                        g.writeEnd();
                    }
                    if (incremental != null) {
                        g.writeStartObject("incremental").write("base_id", incremental.baseId());
                        writeStrings(g, "depends_on", incremental.dependsOn());
                        g.writeEnd();
                    }
                })
                + "\n";
    }

    /** Parses a sidecar; {@link IllegalArgumentException} if it is malformed or of a newer version. */
    public static BackupSidecar fromJson(String json) {
        if (json.length() > MAX_BYTES) {
            throw new IllegalArgumentException("invalid backup sidecar: more than " + MAX_BYTES + " characters");
        }
        JsonObject m = Manifest.parseObject(json);
        if (m.containsKey("format_version")) {
            ArchiveFormat.requireKnownVersion("sidecar", Manifest.number(m, "format_version", -1), FORMAT_VERSION);
        }
        if (m.containsKey("incremental")
                && Manifest.number(m, "format_version", -1) < ArchiveFormat.SIDECAR_VERSION_INCREMENTAL) {
            throw new IllegalArgumentException("invalid backup sidecar: 'incremental' in a version 1 sidecar");
        }
        try {
            String completedAt = Manifest.string(m, "completed_at");
            return new BackupSidecar(
                    required(m, "id"),
                    Instant.parse(required(m, "timestamp")),
                    completedAt == null ? null : Instant.parse(completedAt),
                    Manifest.string(m, "type"),
                    Manifest.string(m, "description"),
                    Codec.fromName(required(m, "codec")),
                    required(m, "archive_file"),
                    Manifest.number(m, "archive_size", 0),
                    Manifest.string(m, "archive_sha256"),
                    Manifest.number(m, "files_count", 0),
                    Manifest.number(m, "total_bytes", 0),
                    strings(m, "volumes"),
                    strings(m, "paths"),
                    Manifest.string(m, "status"),
                    strings(m, "warnings"),
                    Manifest.string(m, "installation_id"),
                    m.get("containers") instanceof JsonObject c ? c : null,
                    Manifest.string(m, "schedule"),
                    encryption(m),
                    increment(m));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid backup sidecar: " + e.getMessage(), e);
        } catch (UnsupportedVersionException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid backup sidecar: " + e.getMessage(), e);
        }
    }

    /** Writes {@code <backupDir>/<id>.json} atomically: temp file, fsync, rename, fsync of the folder. */
    public Path write(Path backupDir) throws IOException {
        Path target = fileFor(backupDir, id);
        Path tmp = backupDir.resolve(id + SUFFIX + ".tmp");
        byte[] json = toJson().getBytes(StandardCharsets.UTF_8);
        if (json.length > MAX_BYTES) {
            // Never write a sidecar that no reader would accept.
            throw new IOException("the sidecar of " + id + " would be " + json.length + " bytes, more than the "
                    + MAX_BYTES + " a sidecar may have");
        }
        try {
            // A leftover from a crash is replaced; the new file is private from its creation (0600).
            Files.deleteIfExists(tmp);
            try (var out = DurableFiles.createPrivate(tmp)) {
                var buffer = ByteBuffer.wrap(json);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            DurableFiles.moveAtomically(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    /**
     * Reads a sidecar file: a regular file (not a link, FIFO or device) of at most {@link #MAX_BYTES}, read
     * through a bounded stream, so a file that grows meanwhile costs no more.
     */
    public static BackupSidecar read(Path file) throws IOException {
        if (!Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .isRegularFile()) {
            throw new IOException("sidecar " + file + " is not a regular file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new IOException("sidecar " + file + " is larger than " + MAX_BYTES + " bytes");
        }
        try {
            return fromJson(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException("unreadable sidecar " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every readable sidecar in the folder, oldest first; unreadable ones are reported to {@code skipped}. */
    public static List<BackupSidecar> readAll(Path backupDir, List<String> skipped) throws IOException {
        List<BackupSidecar> result = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(backupDir, "backup-*" + SUFFIX)) {
            for (Path file : files) {
                try {
                    result.add(read(file));
                } catch (IOException | RuntimeException e) {
                    // One bad file is reported, never the end of the rebuild.
                    skipped.add(file.getFileName() + ": " + e.getMessage());
                }
            }
        }
        result.sort(Comparator.comparing(BackupSidecar::timestamp).thenComparing(BackupSidecar::id));
        return result;
    }

    /**
     * The warnings a sidecar records: the first {@value #MAX_WARNINGS}, each clipped to
     * {@value #MAX_WARNING_CHARS} characters, then how many more there were. What a backup lacks comes first, so
     * it is always kept.
     */
    public static List<String> recordedWarnings(List<String> warnings) {
        List<String> out = new ArrayList<>();
        for (String warning : warnings.subList(0, Math.min(MAX_WARNINGS, warnings.size()))) {
            out.add(warning.length() <= MAX_WARNING_CHARS ? warning : warning.substring(0, MAX_WARNING_CHARS) + "…");
        }
        if (warnings.size() > MAX_WARNINGS) {
            out.add("and " + (warnings.size() - MAX_WARNINGS) + " more warnings");
        }
        return out;
    }

    private static EncryptionInfo encryption(JsonObject m) {
        if (!(m.get("encryption") instanceof JsonObject e)) {
            return null;
        }
        String mode = Manifest.string(e, "mode");
        if (mode == null) {
            throw new IllegalArgumentException("'encryption' names no mode");
        }
        return new EncryptionInfo(mode, strings(e, "keys"));
    }

    private static Increment increment(JsonObject m) {
        if (!(m.get("incremental") instanceof JsonObject i)) {
            return null;
        }
        return new Increment(Manifest.requiredString(i, "base_id"), strings(i, "depends_on"));
    }

    private static String required(JsonObject m, String key) {
        try {
            return Manifest.requiredString(m, key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + key + "' missing or not a string");
        }
    }

    private static void writeStrings(JsonGenerator g, String key, List<String> values) {
        g.writeStartArray(key);
        values.forEach(g::write);
        g.writeEnd();
    }

    /**
     * A list of strings, absent or null meaning empty. Anything else is malformed: a number read as its text could
     * pass for a volume name, and a value that is not a list, read as empty, would lose what it held.
     */
    private static List<String> strings(JsonObject m, String key) {
        List<String> out = new ArrayList<>();
        JsonValue value = m.get(key);
        if (value instanceof JsonArray list) {
            for (JsonValue v : list) {
                if (!(v instanceof JsonString s)) {
                    throw new IllegalArgumentException("'" + key + "' holds something that is not a string");
                }
                out.add(s.getString());
            }
        } else if (value != null && value.getValueType() != JsonValue.ValueType.NULL) {
            throw new IllegalArgumentException("'" + key + "' is not a list");
        }
        return out;
    }
}
