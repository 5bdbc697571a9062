package com.opscenter.backups.boundary;

import jakarta.json.bind.annotation.JsonbNillable;

/**
 * The started backup. {@code mode} is what it is ({@code full} or {@code incremental}); {@code mode_reason} says why
 * it is a full backup when an increment was asked for or configured (no usable base, the chain's full backup is
 * too old, or the chain is long enough), and is null otherwise.
 */
public record CreateBackupResponse(
        boolean success,
        String backupId,
        String message,
        String backupType,
        String status,
        String mode,
        @JsonbNillable String modeReason) {}
