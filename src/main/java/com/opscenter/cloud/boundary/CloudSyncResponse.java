package com.opscenter.cloud.boundary;

import java.util.List;

/** What a sync copied, what it left alone and why, and what it could not copy and why. */
public record CloudSyncResponse(
        boolean success,
        String direction,
        List<String> copied,
        List<Entry> skipped,
        List<Entry> failed,
        String message) {

    public record Entry(String backupId, String reason) {}
}
