package com.opscenter.backups.boundary;

import jakarta.json.bind.annotation.JsonbProperty;

public record RestoreResponse(
        boolean success,
        @JsonbProperty("backup_id") String backupId,
        @JsonbProperty("restore_path") String restorePath,
        String message,
        @JsonbProperty("files_restored") long filesRestored,
        @JsonbProperty("bytes_restored") long bytesRestored) {}
