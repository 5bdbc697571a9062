package com.opscenter.cloud.entity;

import static com.opscenter.platform.entity.Columns.clip;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The copy of one backup on one cloud target, and the history of getting it there. */
@Entity
@Table(name = "cloud_copies")
@IdClass(CloudCopy.Key.class)
public class CloudCopy {

    /** The target the spec's CLOUD_BACKUP_* variables form; rows from before several targets are its. */
    public static final String DEFAULT_TARGET = "default";

    @Id
    @Column(name = "backup_id")
    private String backupId;

    @Id
    @Column(name = "target")
    private String target;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false)
    private CloudState state;

    @Column(name = "bytes_total")
    private long bytesTotal;

    @Column(name = "bytes_uploaded")
    private long bytesUploaded;

    @Column(name = "attempts")
    private int attempts;

    @Column(name = "error")
    private String error;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "uploaded_at")
    private Instant uploadedAt;

    @Column(name = "archive_key")
    private String archiveKey;

    @Column(name = "etag")
    private String etag;

    @Column(name = "upload_id")
    private String uploadId;

    @Column(name = "node")
    private String node;

    /** Until when the node in {@code node} vouches for the upload in progress; renewed while it is queued or runs. */
    @Column(name = "lease_until")
    private Instant leaseUntil;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    @Column(name = "version")
    private long version;

    protected CloudCopy() {}

    public CloudCopy(String backupId, String target, Instant now) {
        this.backupId = backupId;
        this.target = target;
        this.state = CloudState.NOT_UPLOADED;
        this.updatedAt = now;
    }

    /** A new upload begins, with a fresh series of attempts. */
    public void queued(long bytesTotal, String node, Instant leaseUntil, Instant now) {
        this.attempts = 0;
        this.state = CloudState.UPLOADING;
        this.bytesTotal = bytesTotal;
        this.bytesUploaded = 0;
        this.error = null;
        this.nextAttemptAt = null;
        this.node = node;
        this.leaseUntil = leaseUntil;
        this.updatedAt = now;
    }

    /** An attempt begins on {@code node}, which vouches for it until {@code leaseUntil}. */
    public void attemptStarted(String node, Instant leaseUntil, Instant now) {
        this.state = CloudState.UPLOADING;
        this.node = node;
        this.leaseUntil = leaseUntil;
        this.attempts++;
        this.bytesUploaded = 0;
        this.nextAttemptAt = null;
        this.updatedAt = now;
    }

    /**
     * True when the node uploading has stopped vouching for it. A row from before leases existed has none; it
     * counts as its last change plus {@code leaseless}.
     */
    public boolean leaseExpired(Instant now, Duration leaseless) {
        var until = leaseUntil != null ? leaseUntil : updatedAt.plus(leaseless);
        return until.isBefore(now);
    }

    public void leaseUntil(Instant until) {
        this.leaseUntil = until;
    }

    public void progress(long bytesUploaded, Instant now) {
        if (state == CloudState.UPLOADING) {
            this.bytesUploaded = bytesUploaded;
            this.updatedAt = now;
        }
    }

    public void uploaded(String archiveKey, String etag, Instant now) {
        this.state = CloudState.UPLOADED;
        this.archiveKey = archiveKey;
        this.etag = etag;
        this.bytesUploaded = bytesTotal;
        this.error = null;
        this.nextAttemptAt = null;
        this.uploadId = null;
        this.leaseUntil = null;
        this.uploadedAt = now;
        this.updatedAt = now;
    }

    /** {@code retryAt} null means no further automatic attempt. */
    public void failed(String reason, Instant retryAt, String staleUploadId, Instant now) {
        this.state = CloudState.FAILED;
        this.error = clip(reason, 2000);
        this.nextAttemptAt = retryAt;
        if (staleUploadId != null) {
            this.uploadId = clip(staleUploadId, 1024);
        }
        this.leaseUntil = null;
        this.updatedAt = now;
    }

    /**
     * The node that ran this upload stopped (it was this one, or another stopped renewing its lease): {@code node}
     * takes it over with a retry due now. CloudCopyStore.takeOver makes the same change as one conditional UPDATE.
     */
    public void takenOver(String node, String reason, Instant now) {
        this.state = CloudState.FAILED;
        this.error = clip(reason, 2000);
        this.nextAttemptAt = now;
        this.node = node;
        this.leaseUntil = null;
        this.updatedAt = now;
    }

    /** Found in the bucket (sync, or a download from it): the copy exists whatever this server did. */
    public void present(String archiveKey, long size, Instant now) {
        this.state = CloudState.UPLOADED;
        this.archiveKey = archiveKey;
        this.bytesTotal = size;
        this.bytesUploaded = size;
        this.error = null;
        this.nextAttemptAt = null;
        if (uploadedAt == null) {
            this.uploadedAt = now;
        }
        this.updatedAt = now;
    }

    /**
     * Whether this installation itself completed an upload of the backup at some point: only {@link #uploaded}
     * records an ETag (our own PUT's), while a copy merely found in the bucket ({@link #present}) never gets one.
     */
    public boolean uploadedHere() {
        return etag != null;
    }

    public void staleUploadCleared() {
        this.uploadId = null;
    }

    public String backupId() {
        return backupId;
    }

    public String target() {
        return target;
    }

    public CloudState state() {
        return state;
    }

    public long bytesTotal() {
        return bytesTotal;
    }

    public long bytesUploaded() {
        return bytesUploaded;
    }

    public int attempts() {
        return attempts;
    }

    public String error() {
        return error;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public Instant uploadedAt() {
        return uploadedAt;
    }

    public String archiveKey() {
        return archiveKey;
    }

    public String etag() {
        return etag;
    }

    public String uploadId() {
        return uploadId;
    }

    public String node() {
        return node;
    }

    public Instant leaseUntil() {
        return leaseUntil;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** The primary key: a backup on a target. */
    public static class Key implements Serializable {
        private String backupId;
        private String target;

        public Key() {}

        public Key(String backupId, String target) {
            this.backupId = backupId;
            this.target = target;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && Objects.equals(backupId, key.backupId)
                    && Objects.equals(target, key.target);
        }

        @Override
        public int hashCode() {
            return Objects.hash(backupId, target);
        }
    }
}
