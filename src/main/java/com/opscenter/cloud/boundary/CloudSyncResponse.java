package com.opscenter.cloud.boundary;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;

/** What a sync copied, what it left alone and why, and what it could not copy and why. */
public record CloudSyncResponse(
        boolean success,
        String direction,
        List<String> copied,
        List<Entry> skipped,
        List<Entry> failed,
        String message) {

    public record Entry(@JsonbProperty("backup_id") String backupId, String reason) {}
}
