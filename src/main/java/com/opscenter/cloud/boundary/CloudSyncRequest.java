package com.opscenter.cloud.boundary;

import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The spec's sync: {@code upload} (local to cloud, the default) or {@code download} (cloud to local). With several
 * cloud targets, {@code from} names a target whose backups are copied to the one {@code ?target=} names (upload
 * only).
 */
public record CloudSyncRequest(
        @Pattern(regexp = "upload|download", message = "must be upload or download")
        @Schema(
                description = "upload (local backups the cloud lacks go up; the default) or download "
                        + "(cloud backups not on local disk come down)")
        String direction,

        @Pattern(regexp = "[A-Za-z][A-Za-z0-9]{0,19}", message = "must be the name of a cloud target")
        @Schema(
                description = "With direction upload: the cloud target (CLOUD_BACKUP_TARGETS names; "
                        + "'default' for the target the spec's CLOUD_BACKUP_* variables form) whose "
                        + "backups are copied to the target ?target= names, or without it to every other target")
        String from) {}
