package com.opscenter.backups.control;

import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import com.opscenter.backups.entity.BackupType;
import com.opscenter.platform.control.Installation;
import com.opscenter.storage.control.VolumeNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the engine's sidecar into a catalog entry: the one place where the archive format meets the entity. A
 * sidecar is data found in a folder (or a bucket) that anything may have written, so every field is checked
 * before any of it is used; one that fails is refused whole, never half-imported.
 */
final class SidecarBackups {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** Nothing was backed up before this; a later timestamp than a day from now is a broken clock or a forgery. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private static final Duration CLOCK_SKEW = Duration.ofDays(1);
    private static final int MAX_PATH_LENGTH = 4096;

    private SidecarBackups() {}

    /** The catalog entry for an archive found complete in {@code folder}; check it with {@link #problem} first. */
    static Backup toBackup(BackupSidecar sidecar, String node, Path folder) {
        var scheduled = "scheduled".equals(sidecar.type());
        // Sidecars written before named schedules name none: their scheduled backups came from the one there was.
        var schedule = sidecar.schedule() != null ? sidecar.schedule() : scheduled ? Schedule.DEFAULT : null;
        var backup = Backup.fromArchive(
                sidecar.id(),
                "scheduled".equals(sidecar.type()) ? BackupType.SCHEDULED : BackupType.MANUAL,
                sidecar.description(),
                sidecar.codec(),
                sidecar.timestamp(),
                sidecar.completedAt(),
                sidecar.archiveFile(),
                sidecar.archiveSize(),
                sidecar.archiveSha256(),
                sidecar.filesCount(),
                sidecar.totalBytes(),
                sidecar.volumes(),
                sidecar.paths(),
                sidecar.warnings(),
                node,
                folder.toString());
        backup.forSchedule(schedule);
        // An increment's sidecar names what it was built on and which archives hold the rest of its content.
        var increment = sidecar.incremental();
        if (increment != null) {
            backup.incrementOf(increment.baseId(), increment.dependsOn());
        }
        if (sidecar.containers() != null) {
            try {
                // Read and written again: only what the report's shape holds reaches the catalog, clipped.
                backup.containersHandled(
                        ContainerReport.fromJson(sidecar.containers()).toJson().toString());
            } catch (RuntimeException e) {
                // A malformed report costs the report, not the backup.
            }
        }
        return backup;
    }

    /** What is wrong with the sidecar, if anything; a sidecar with a problem must not reach the catalog. */
    static Optional<String> problem(BackupSidecar sidecar, Instant now) {
        var id = sidecar.id();
        if (!BackupIds.isValid(id) || id.length() > Backup.ID_LENGTH) {
            return Optional.of("its id is not a backup id");
        }
        if (!sidecar.describesOwnArchive()) {
            return Optional.of("it names an archive that is not its own");
        }
        if (sidecar.archiveFile().length() > Backup.ARCHIVE_FILE_LENGTH) {
            return Optional.of("its archive name is too long");
        }
        if (sidecar.archiveSize() < 0 || sidecar.filesCount() < 0 || sidecar.totalBytes() < 0) {
            return Optional.of("it records a negative size or count");
        }
        if (sidecar.archiveSha256() == null
                || !SHA256.matcher(sidecar.archiveSha256()).matches()) {
            return Optional.of("its archive_sha256 is not a SHA-256 in lower-case hex");
        }
        var latest = now.plus(CLOCK_SKEW);
        if (sidecar.timestamp().isBefore(EARLIEST) || sidecar.timestamp().isAfter(latest)) {
            return Optional.of("its timestamp " + sidecar.timestamp() + " is not plausible");
        }
        if (sidecar.completedAt() != null
                && (sidecar.completedAt().isBefore(sidecar.timestamp())
                        || sidecar.completedAt().isAfter(latest))) {
            return Optional.of("its completed_at " + sidecar.completedAt() + " is not plausible");
        }
        if (sidecar.type() != null && !List.of("manual", "scheduled").contains(sidecar.type())) {
            return Optional.of("its type is neither manual nor scheduled");
        }
        if (sidecar.status() != null
                && !List.of("completed", "completed_with_warnings").contains(sidecar.status())) {
            return Optional.of("its status is not that of a finished backup");
        }
        if (sidecar.description() != null && sidecar.description().length() > Backup.DESCRIPTION_LENGTH) {
            return Optional.of("its description is longer than " + Backup.DESCRIPTION_LENGTH + " characters");
        }
        if (sidecar.installationId() != null && !Installation.isValid(sidecar.installationId())) {
            return Optional.of("its installation_id is not valid");
        }
        if (sidecar.schedule() != null && !BackupSchedules.isValidName(sidecar.schedule())) {
            return Optional.of("its schedule is not a schedule name");
        }
        var seen = new HashSet<String>();
        for (var volume : sidecar.volumes()) {
            if (!VolumeNames.isValid(volume) || !seen.add(volume)) {
                return Optional.of("its volumes hold an invalid or repeated name");
            }
        }
        for (var path : sidecar.paths()) {
            if (!isPlainAbsolutePath(path) || !seen.add("path:" + path)) {
                return Optional.of("its paths hold one that is not a plain absolute path, or a repeated one");
            }
        }
        var increment = sidecar.incremental();
        if (increment != null
                && (id.equals(increment.baseId()) || increment.dependsOn().contains(id))) {
            return Optional.of("it names itself as its base or as a backup it depends on");
        }
        for (var warning : sidecar.warnings()) {
            if (warning.isEmpty() || warning.indexOf('\n') >= 0) {
                return Optional.of("its warnings hold an empty or multi-line entry");
            }
        }
        return Optional.empty();
    }

    /** Absolute, no {@code .} or {@code ..} step, no empty step, nothing that ends a line or a C string. */
    private static boolean isPlainAbsolutePath(String path) {
        if (path.isEmpty() || path.length() > MAX_PATH_LENGTH || !path.startsWith("/")) {
            return false;
        }
        if (path.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0)) {
            return false;
        }
        if (path.equals("/")) {
            return true;
        }
        for (var step : path.substring(1).split("/", -1)) {
            if (step.isEmpty() || step.equals(".") || step.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a {@code missing} backup's archive is back in {@code folder}: a regular file (not a link) of exactly
     * the recorded size. The size is the cheap check a listing can afford; the recorded SHA-256 still guards every
     * verify and every restore that verifies first, so a same-size but different file is caught there.
     */
    static boolean archiveBack(Backup backup, Path folder) {
        return backup.status() == BackupStatus.MISSING && archiveBack(backup.archiveFile(), backup.sizeBytes(), folder);
    }

    /** As {@link #archiveBack(Backup, Path)}, for a backup known to be missing. */
    static boolean archiveBack(String archiveFile, long sizeBytes, Path folder) {
        if (archiveFile == null) {
            return false;
        }
        var archive = folder.resolve(archiveFile);
        // Each list request looks again, and most missing archives stay missing: java.io.File says so without the
        // exception (and stack trace) that NIO builds for an absent file. What it finds is checked without links.
        if (!archive.toFile().exists()) {
            return false;
        }
        try {
            return Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS) && Files.size(archive) == sizeBytes;
        } catch (IOException e) {
            return false;
        }
    }
}
