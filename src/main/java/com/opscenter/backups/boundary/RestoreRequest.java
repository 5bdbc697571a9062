package com.opscenter.backups.boundary;

import jakarta.validation.constraints.Size;

/**
 * The spec's restore request. {@code volume} is our addition: restore that one volume in place instead of into
 * a folder.
 */
public record RestoreRequest(
        String backupId,

        @Size(max = 4096, message = "is at most 4096 characters")
        String restorePath,

        Boolean verifyBeforeRestore,

        @Size(min = 1, max = 255, message = "is 1 to 255 characters")
        String volume) {}
