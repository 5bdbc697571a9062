package com.opscenter.backups.control;

import com.opscenter.archive.Codec;
import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Catalog entries with stand-in archive and sidecar files, for tests of what happens to finished backups. */
public final class TestBackups {

    private TestBackups() {}

    public static String idAt(Instant startedAt) {
        return "backup-"
                + startedAt
                        .toString()
                        .replace("-", "")
                        .replace(":", "")
                        .replace("T", "-")
                        .substring(0, 15);
    }

    public static Backup running(Path folder, Instant startedAt, String... volumes) {
        return Backup.started(
                idAt(startedAt),
                BackupType.MANUAL,
                null,
                Codec.GZIP,
                List.of(volumes),
                List.of(),
                "test",
                "node-a",
                folder.toString(),
                startedAt);
    }

    /** A completed backup whose archive ({@code size} bytes) and sidecar are in {@code folder}. */
    public static Backup completed(Path folder, Instant startedAt, int size) {
        var backup = running(folder, startedAt, "app-data");
        var archive = backup.id() + Codec.GZIP.extension();
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve(archive), new byte[size]);
            Files.writeString(ArchiveFormat.sidecarPath(folder, backup.id()), "{}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        backup.archived(archive, size, "0".repeat(64), 1, List.of(), startedAt.plusSeconds(60));
        return backup;
    }
}
