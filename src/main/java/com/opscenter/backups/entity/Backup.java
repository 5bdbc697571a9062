package com.opscenter.backups.entity;

import static com.opscenter.platform.entity.Columns.clip;
import static com.opscenter.platform.entity.Columns.joinLines;
import static com.opscenter.platform.entity.Columns.lines;

import com.opscenter.archive.Codec;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One backup in the catalog: its job state while running, then the facts about its archive. */
@Entity
@Table(name = "backups")
public class Backup {

    /** Column lengths (db/V2__backups.sql): what a sidecar may bring into the catalog. */
    public static final int ID_LENGTH = 64;

    public static final int DESCRIPTION_LENGTH = 1000;
    public static final int ARCHIVE_FILE_LENGTH = 255;
    public static final int WARNINGS_LENGTH = 8000;

    @Id
    @Column(name = "id")
    private String id;

    @Enumerated(EnumType.STRING)
    @Column(name = "backup_type", nullable = false)
    private BackupType type;

    @Column(name = "description")
    private String description;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    private BackupStatus status;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "codec", nullable = false)
    @Convert(converter = CodecConverter.class)
    private Codec codec;

    @Column(name = "archive_file")
    private String archiveFile;

    @Column(name = "size_bytes")
    private long sizeBytes;

    @Column(name = "sha256")
    private String sha256;

    @Column(name = "files_count")
    private long filesCount;

    @Column(name = "bytes_total")
    private long bytesTotal;

    @Column(name = "bytes_done")
    private long bytesDone;

    @Column(name = "files_total")
    private long filesTotal;

    @Column(name = "files_done")
    private long filesDone;

    @Column(name = "volumes")
    private String volumes;

    @Column(name = "paths")
    private String paths;

    @Column(name = "warnings")
    private String warnings;

    @Column(name = "error")
    private String error;

    /** What the backup did to containers, as JSON (backups.control.ContainerReport); null when nothing. */
    @Column(name = "containers")
    private String containers;

    @Column(name = "created_by")
    private String createdBy;

    @Column(name = "node", nullable = false)
    private String node;

    @Column(name = "location", nullable = false)
    private String location;

    /** Until when the node running this backup vouches for it; renewed while the job runs. */
    @Column(name = "lease_until")
    private Instant leaseUntil;

    /** The schedule this backup was taken for; null for a manual backup. */
    @Column(name = "schedule_name")
    private String schedule;

    /** {@code full}, or {@code incremental}: only changed files are in the archive, the rest in earlier ones. */
    @Column(name = "backup_mode", nullable = false)
    private String mode = "full";

    /** The backup an increment was compared with; null for a full backup. */
    @Column(name = "base_id")
    private String baseId;

    /** Every backup whose archive holds content of this one, one id per line; kept as long as this one is. */
    @Column(name = "depends_on")
    private String dependsOn;

    @Version
    @Column(name = "version")
    private long version;

    protected Backup() {}

    public static Backup started(
            String id,
            BackupType type,
            String description,
            Codec codec,
            List<String> volumes,
            List<String> paths,
            String createdBy,
            String node,
            String location,
            Instant now) {
        var backup = new Backup();
        backup.id = id;
        backup.type = type;
        backup.description = clip(description, DESCRIPTION_LENGTH);
        backup.status = BackupStatus.RUNNING;
        backup.startedAt = now;
        backup.codec = codec;
        // Whole, never clipped: a backup's list of what it holds decides what retention keeps and what restores.
        backup.volumes = join(volumes);
        backup.paths = join(paths);
        backup.createdBy = createdBy;
        backup.node = node;
        backup.location = location;
        return backup;
    }

    /** Rebuilt from a sidecar file: the archive is on disk and complete. */
    public static Backup fromArchive(
            String id,
            BackupType type,
            String description,
            Codec codec,
            Instant startedAt,
            Instant finishedAt,
            String archiveFile,
            long size,
            String sha256,
            long files,
            long contentBytes,
            List<String> volumes,
            List<String> paths,
            List<String> warnings,
            String node,
            String location) {
        var backup = started(id, type, description, codec, volumes, paths, "system", node, location, startedAt);
        backup.progress(contentBytes, contentBytes, files, files);
        backup.archived(archiveFile, size, sha256, files, warnings, finishedAt);
        return backup;
    }

    public void progress(long bytesDone, long bytesTotal, long filesDone, long filesTotal) {
        this.bytesDone = bytesDone;
        this.bytesTotal = bytesTotal;
        this.filesDone = filesDone;
        this.filesTotal = filesTotal;
    }

    public void archived(String archiveFile, long size, String sha256, long files, List<String> warnings, Instant now) {
        this.archiveFile = archiveFile;
        this.sizeBytes = size;
        this.sha256 = sha256;
        this.filesCount = files;
        this.filesDone = files;
        this.bytesDone = Math.max(bytesDone, bytesTotal);
        this.warnings = join(warnings, WARNINGS_LENGTH);
        this.status =
                warnings == null || warnings.isEmpty() ? BackupStatus.COMPLETED : BackupStatus.COMPLETED_WITH_WARNINGS;
        this.finishedAt = now;
    }

    /**
     * A failed backup has no archive, so it holds nothing of its base's chain: what it was to be built on
     * ({@code base_id}) stays to be seen, but it keeps no backup from being deleted or expired.
     */
    public void failed(String reason, Instant now) {
        this.status = BackupStatus.FAILED;
        this.dependsOn = null;
        this.error = clip(reason, 4000);
        this.finishedAt = now;
    }

    /** Taken for the named schedule. */
    public Backup forSchedule(String name) {
        this.schedule = name;
        return this;
    }

    /**
     * Records that this backup is an increment of {@code base} whose content lies in {@code holders} as well: set
     * when it starts (so retention keeps what it is being built on) and again from what it really referenced.
     */
    public Backup incrementOf(String base, List<String> holders) {
        this.mode = "incremental";
        this.baseId = base;
        this.dependsOn = join(holders);
        return this;
    }

    /** Records that this backup turned out whole after all: its archive references no other one. */
    public Backup full() {
        this.mode = "full";
        this.baseId = null;
        this.dependsOn = null;
        return this;
    }

    /** {@code full} or {@code incremental}. */
    public String mode() {
        return mode;
    }

    public boolean incremental() {
        return "incremental".equals(mode);
    }

    /** The backup an increment was compared with; null for a full backup. */
    public String baseId() {
        return baseId;
    }

    /** The backups whose archives hold content of this one; empty for a full backup. */
    public List<String> dependsOn() {
        return lines(dependsOn);
    }

    /** The schedule this backup was taken for; null for a manual backup. */
    public String schedule() {
        return schedule;
    }

    /** The running node still vouches for this backup until {@code until}. */
    public void leaseUntil(Instant until) {
        this.leaseUntil = until;
    }

    /**
     * True when the node running this backup has stopped vouching for it. A row from before leases existed has
     * none; it counts as its start plus {@code leaseless}.
     */
    public boolean leaseExpired(Instant now, Duration leaseless) {
        var until = leaseUntil != null ? leaseUntil : startedAt.plus(leaseless);
        return until.isBefore(now);
    }

    /** The archive was found gone from the backup folder. */
    public void markMissing() {
        this.status = BackupStatus.MISSING;
    }

    /** The archive is back in a backup folder: fetched from the cloud and verified, or put back on disk. */
    public void archiveReturned(String location) {
        this.location = location;
        this.status = warnings == null ? BackupStatus.COMPLETED : BackupStatus.COMPLETED_WITH_WARNINGS;
    }

    /**
     * Back as another file of the same backup: an encrypted cloud copy of an archive that was kept plain locally
     * (its name ends in .gpg, its size and SHA-256 are the encrypted file's).
     */
    public void archiveReturned(String location, String archiveFile, long size, String sha256) {
        this.archiveFile = archiveFile;
        this.sizeBytes = size;
        this.sha256 = sha256;
        archiveReturned(location);
    }

    public Duration duration() {
        return finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }

    public boolean touches(String volume) {
        return volumes().contains(volume);
    }

    private static String join(List<String> values, int max) {
        return values == null || values.isEmpty() ? null : clip(joinLines(values), max);
    }

    private static String join(List<String> values) {
        return values == null || values.isEmpty() ? null : joinLines(values);
    }

    public String id() {
        return id;
    }

    public BackupType type() {
        return type;
    }

    public String description() {
        return description;
    }

    public BackupStatus status() {
        return status;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public Codec codec() {
        return codec;
    }

    public String archiveFile() {
        return archiveFile;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public String sha256() {
        return sha256;
    }

    public long filesCount() {
        return filesCount;
    }

    public long bytesTotal() {
        return bytesTotal;
    }

    public long bytesDone() {
        return bytesDone;
    }

    public long filesTotal() {
        return filesTotal;
    }

    public long filesDone() {
        return filesDone;
    }

    public List<String> volumes() {
        return lines(volumes);
    }

    public List<String> paths() {
        return lines(paths);
    }

    /** Records what the backup did to the containers that mount its volumes (JSON), whatever its outcome. */
    public void containersHandled(String report) {
        this.containers = report;
    }

    public String containers() {
        return containers;
    }

    public List<String> warnings() {
        return lines(warnings);
    }

    public String error() {
        return error;
    }

    public String createdBy() {
        return createdBy;
    }

    public String node() {
        return node;
    }

    public String location() {
        return location;
    }

    public Instant leaseUntil() {
        return leaseUntil;
    }
}
