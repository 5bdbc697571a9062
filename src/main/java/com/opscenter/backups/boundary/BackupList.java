package com.opscenter.backups.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;

public record BackupList(
        boolean backupEnabled,
        String schedule,

        @JsonbNillable String lastBackup,

        @JsonbNillable String nextBackup,

        String backupLocation,
        int retentionDays,
        List<BackupSummary> backups,

        /** Sidecars in the backup folder the catalog refused at start-up, and why (bounded; details in the log). */
        List<String> ignoredSidecars) {

    /**
     * Only as much as equal lists must share. JSON-B (Yasson) puts every object it writes into a hash set, to
     * detect cycles, and the generated hash of a record walks everything below it: for a page of backups, each
     * write of the list hashed all of it, a seventh of what the request cost.
     */
    @Override
    public int hashCode() {
        return backups == null ? 0 : backups.size();
    }
}
