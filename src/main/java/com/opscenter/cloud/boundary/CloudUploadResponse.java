package com.opscenter.cloud.boundary;

import jakarta.json.bind.annotation.JsonbProperty;

public record CloudUploadResponse(
        boolean success,
        @JsonbProperty("backup_id") String backupId,
        @JsonbProperty("cloud_state") String cloudState,
        String message) {}
