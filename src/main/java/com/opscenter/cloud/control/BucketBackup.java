package com.opscenter.cloud.control;

import com.opscenter.archive.format.BackupSidecar;
import java.time.Instant;

/** A complete backup in the bucket: its sidecar, and the archive object the sidecar names. */
public record BucketBackup(
        BackupSidecar sidecar, String archiveKey, String sidecarKey, long archiveSize, Instant uploadedAt) {

    public String id() {
        return sidecar.id();
    }
}
