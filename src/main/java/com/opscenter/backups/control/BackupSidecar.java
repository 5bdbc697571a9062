package com.opscenter.backups.control;

import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON file {@code <id>.json} written next to each finished archive. It holds what the catalog needs, so
 * the catalog can be rebuilt from the backup folder alone. Format: one JSON object, snake_case keys, see
 * {@link #toJson()}; {@code format_version} is 1.
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
        List<String> warnings) {

    public static final String SUFFIX = ".json";
    public static final int FORMAT_VERSION = 1;
    private static final long MAX_SIDECAR_BYTES = 16L << 20;

    public BackupSidecar {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(archiveFile, "archiveFile");
        volumes = List.copyOf(volumes == null ? List.of() : volumes);
        paths = List.copyOf(paths == null ? List.of() : paths);
        warnings = List.copyOf(warnings == null ? List.of() : warnings);
    }

    /** A sidecar is data, not an instruction: it may only describe an archive of ours, named after its id. */
    public boolean describesOwnArchive() {
        return BackupIds.isValid(id) && archiveFile.equals(id + codec.extension());
    }

    /** The catalog entry for this archive, found complete in {@code folder}. */
    public Backup toBackup(String node, Path folder) {
        return Backup.fromArchive(
                id,
                "scheduled".equalsIgnoreCase(type) ? BackupType.SCHEDULED : BackupType.MANUAL,
                description,
                codec.configName(),
                timestamp,
                completedAt,
                archiveFile,
                archiveSize,
                archiveSha256,
                filesCount,
                totalBytes,
                volumes,
                paths,
                warnings,
                node,
                folder.toString());
    }

    public static Path fileFor(Path backupDir, String id) {
        return backupDir.resolve(id + SUFFIX);
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format_version", FORMAT_VERSION);
        m.put("id", id);
        m.put("timestamp", timestamp.toString());
        m.put("completed_at", completedAt == null ? null : completedAt.toString());
        m.put("type", type);
        m.put("description", description);
        m.put("codec", codec.configName());
        m.put("archive_file", archiveFile);
        m.put("archive_size", archiveSize);
        m.put("archive_sha256", archiveSha256);
        m.put("files_count", filesCount);
        m.put("total_bytes", totalBytes);
        m.put("volumes", volumes);
        m.put("paths", paths);
        m.put("status", status);
        m.put("warnings", warnings);
        return Json.write(m) + "\n";
    }

    public static BackupSidecar fromJson(String json) {
        Map<String, Object> m = Json.parseObject(json);
        try {
            return new BackupSidecar(
                    string(m, "id"),
                    Instant.parse(string(m, "timestamp")),
                    m.get("completed_at") == null ? null : Instant.parse(string(m, "completed_at")),
                    (String) m.get("type"),
                    (String) m.get("description"),
                    Codec.fromName(string(m, "codec")),
                    string(m, "archive_file"),
                    number(m, "archive_size"),
                    (String) m.get("archive_sha256"),
                    number(m, "files_count"),
                    number(m, "total_bytes"),
                    strings(m, "volumes"),
                    strings(m, "paths"),
                    (String) m.get("status"),
                    strings(m, "warnings"));
        } catch (ClassCastException | NullPointerException | DateTimeParseException e) {
            throw new IllegalArgumentException("invalid backup sidecar: " + e.getMessage(), e);
        }
    }

    /** Writes {@code <backupDir>/<id>.json} atomically: temp file, fsync, rename, fsync of the folder. */
    public Path write(Path backupDir) throws IOException {
        Path target = fileFor(backupDir, id);
        Path tmp = backupDir.resolve(id + SUFFIX + ".tmp");
        try {
            Files.write(tmp, toJson().getBytes(StandardCharsets.UTF_8));
            DurableFiles.fsync(tmp);
            DurableFiles.moveAtomically(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    public static BackupSidecar read(Path file) throws IOException {
        if (Files.size(file) > MAX_SIDECAR_BYTES) {
            throw new IOException("sidecar " + file + " is implausibly large");
        }
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
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
                } catch (IOException e) {
                    skipped.add(file.getFileName() + ": " + e.getMessage());
                }
            }
        }
        result.sort(Comparator.comparing(BackupSidecar::timestamp).thenComparing(BackupSidecar::id));
        return result;
    }

    private static String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("invalid backup sidecar: '" + key + "' missing or not a string");
    }

    private static long number(Map<String, Object> m, String key) {
        return m.get(key) instanceof Long l ? l : 0L;
    }

    private static List<String> strings(Map<String, Object> m, String key) {
        List<String> out = new ArrayList<>();
        if (m.get(key) instanceof List<?> list) {
            list.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }
}
